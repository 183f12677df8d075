-- Version metadata beyond the immutable artifact: params and lineage (written once, at push), and the mutable
-- annotations (tags, approval, model card, aliases). Timestamps are Unix epoch milliseconds (UTC).

-- Lineage facts are plain columns rather than JSON so audits can ask "which versions were trained on this
-- dataset digest / built from this commit" with an index later.
ALTER TABLE model_versions ADD COLUMN params_json      TEXT NOT NULL DEFAULT '{}';
ALTER TABLE model_versions ADD COLUMN dataset_uri      TEXT;
ALTER TABLE model_versions ADD COLUMN dataset_sha256   TEXT CHECK (dataset_sha256 IS NULL OR length(dataset_sha256) = 64);
ALTER TABLE model_versions ADD COLUMN code_repository  TEXT;
ALTER TABLE model_versions ADD COLUMN code_commit      TEXT;
ALTER TABLE model_versions ADD COLUMN run_id           TEXT;
ALTER TABLE model_versions ADD COLUMN created_by       TEXT;
ALTER TABLE model_versions ADD COLUMN approval_status  TEXT NOT NULL DEFAULT 'pending'
    CHECK (approval_status IN ('pending', 'approved', 'rejected'));
ALTER TABLE model_versions ADD COLUMN approval_by      TEXT;
ALTER TABLE model_versions ADD COLUMN approval_at      INTEGER;
ALTER TABLE model_versions ADD COLUMN approval_comment TEXT;

-- Parents are versions of the same model; the foreign keys make a dangling parent impossible.
CREATE TABLE model_version_parents (
    model   TEXT    NOT NULL,
    version INTEGER NOT NULL,
    parent  INTEGER NOT NULL CHECK (parent < version),
    PRIMARY KEY (model, version, parent),
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version),
    FOREIGN KEY (model, parent) REFERENCES model_versions (model, version)
) STRICT;

-- Tags become mutable and searchable (tags.team = 'risk'), so they move out of the version row into a table.
CREATE TABLE model_version_tags (
    model   TEXT    NOT NULL,
    version INTEGER NOT NULL,
    key     TEXT    NOT NULL,
    value   TEXT    NOT NULL,
    PRIMARY KEY (model, version, key),
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
) STRICT;

CREATE INDEX ix_model_version_tags_key_value ON model_version_tags (key, value);

INSERT INTO model_version_tags (model, version, key, value)
SELECT v.model, v.version, t.key, t.value FROM model_versions v, json_each(v.tags_json) t;

ALTER TABLE model_versions DROP COLUMN tags_json;

-- Cards live apart from the version row: they can be long and most reads do not need them.
CREATE TABLE model_version_cards (
    model      TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    markdown   TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (model, version),
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
) STRICT;

CREATE TABLE model_aliases (
    model      TEXT    NOT NULL,
    alias      TEXT    NOT NULL CHECK (alias NOT GLOB '[0-9]*' OR alias GLOB '*[^0-9]*'),
    version    INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (model, alias),
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
) STRICT;

CREATE INDEX ix_model_aliases_target ON model_aliases (model, version);
