-- The model registry as MLflow clients see it: a model may exist before its first version (registered-models/create),
-- carries a description and tags of its own, and each version has a lifecycle stage and the source it was
-- registered from. Timestamps are Unix epoch milliseconds (UTC).

ALTER TABLE models ADD COLUMN description TEXT;

CREATE TABLE model_tags (
    model TEXT NOT NULL REFERENCES models (name),
    key   TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (model, key)
) STRICT;

-- One row per version registered through MLflow or moved between stages; a version without a row is in stage
-- 'None' and was pushed directly. Kept apart from model_versions so the immutable row stays immutable.
CREATE TABLE model_version_stages (
    model      TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    stage      TEXT    NOT NULL DEFAULT 'None' CHECK (stage IN ('None', 'Staging', 'Production', 'Archived')),
    source     TEXT,
    run_link   TEXT,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (model, version),
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
) STRICT;

CREATE INDEX ix_model_version_stages_stage ON model_version_stages (model, stage, version);
