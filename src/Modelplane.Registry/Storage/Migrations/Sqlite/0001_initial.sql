-- Timestamps are Unix epoch milliseconds (UTC). STRICT tables make SQLite enforce the declared types.

-- last_version is a counter rather than MAX(version) so a number is never handed out twice,
-- even if versions are ever deleted.
CREATE TABLE models (
    name         TEXT    NOT NULL PRIMARY KEY,
    last_version INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT;

CREATE TABLE model_versions (
    model          TEXT    NOT NULL REFERENCES models (name),
    version        INTEGER NOT NULL CHECK (version >= 1),
    digest         TEXT    NOT NULL CHECK (length(digest) = 64),
    size_bytes     INTEGER NOT NULL CHECK (size_bytes >= 0),
    format         TEXT    NOT NULL,
    signature_json TEXT    NOT NULL,
    description    TEXT,
    tags_json      TEXT    NOT NULL,
    metrics_json   TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    PRIMARY KEY (model, version)
) STRICT;

CREATE INDEX ix_model_versions_digest ON model_versions (digest);

CREATE TABLE endpoints (
    name       TEXT    NOT NULL PRIMARY KEY,
    model      TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
) STRICT;

CREATE INDEX ix_endpoints_target ON endpoints (model, version);
