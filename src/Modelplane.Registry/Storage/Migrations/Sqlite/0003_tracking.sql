-- MLflow tracking: experiments, runs and what runs log. Timestamps are Unix epoch milliseconds.

-- AUTOINCREMENT: an experiment id is never reused, even after a purge, because clients keep ids.
CREATE TABLE experiments (
    experiment_id     INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    name              TEXT    NOT NULL UNIQUE,
    artifact_location TEXT    NOT NULL,
    lifecycle_stage   TEXT    NOT NULL CHECK (lifecycle_stage IN ('active', 'deleted')),
    creation_time     INTEGER NOT NULL,
    last_update_time  INTEGER NOT NULL
) STRICT;

-- MLflow clients assume the default experiment exists with id 0.
INSERT INTO experiments VALUES (0, 'Default', 'mlflow-artifacts:/0', 'active',
    CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));

CREATE TABLE experiment_tags (
    experiment_id INTEGER NOT NULL REFERENCES experiments (experiment_id),
    key           TEXT    NOT NULL,
    value         TEXT    NOT NULL,
    PRIMARY KEY (experiment_id, key)
) STRICT;

CREATE TABLE runs (
    run_uuid        TEXT    NOT NULL PRIMARY KEY CHECK (length(run_uuid) = 32),
    experiment_id   INTEGER NOT NULL REFERENCES experiments (experiment_id),
    name            TEXT    NOT NULL,
    user_id         TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    start_time      INTEGER NOT NULL,
    end_time        INTEGER,
    artifact_uri    TEXT    NOT NULL,
    lifecycle_stage TEXT    NOT NULL CHECK (lifecycle_stage IN ('active', 'deleted'))
) STRICT;

CREATE INDEX ix_runs_experiment_start ON runs (experiment_id, start_time DESC, run_uuid);

-- Every logged value. SQLite cannot store NaN in a REAL (it becomes NULL), so NaN is a flag with value 0;
-- infinities are stored as they are.
CREATE TABLE metrics (
    run_uuid  TEXT    NOT NULL REFERENCES runs (run_uuid),
    key       TEXT    NOT NULL,
    value     REAL    NOT NULL,
    is_nan    INTEGER NOT NULL CHECK (is_nan IN (0, 1)),
    timestamp INTEGER NOT NULL,
    step      INTEGER NOT NULL,
    PRIMARY KEY (run_uuid, key, step, timestamp, value, is_nan)
) STRICT;

-- The value per key that searches and RunData use: highest step, then latest timestamp, then largest value.
CREATE TABLE latest_metrics (
    run_uuid  TEXT    NOT NULL REFERENCES runs (run_uuid),
    key       TEXT    NOT NULL,
    value     REAL    NOT NULL,
    is_nan    INTEGER NOT NULL CHECK (is_nan IN (0, 1)),
    timestamp INTEGER NOT NULL,
    step      INTEGER NOT NULL,
    PRIMARY KEY (run_uuid, key)
) STRICT;

CREATE INDEX ix_latest_metrics_key_value ON latest_metrics (key, value);

CREATE TABLE params (
    run_uuid TEXT NOT NULL REFERENCES runs (run_uuid),
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (run_uuid, key)
) STRICT;

CREATE INDEX ix_params_key_value ON params (key, value);

CREATE TABLE tags (
    run_uuid TEXT NOT NULL REFERENCES runs (run_uuid),
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (run_uuid, key)
) STRICT;

CREATE INDEX ix_tags_key_value ON tags (key, value);

CREATE TABLE datasets (
    dataset_uuid  TEXT    NOT NULL PRIMARY KEY,
    experiment_id INTEGER NOT NULL REFERENCES experiments (experiment_id),
    name          TEXT    NOT NULL,
    digest        TEXT    NOT NULL,
    source_type   TEXT    NOT NULL,
    source        TEXT    NOT NULL,
    schema        TEXT,
    profile       TEXT,
    UNIQUE (experiment_id, name, digest)
) STRICT;

CREATE TABLE inputs (
    run_uuid     TEXT NOT NULL REFERENCES runs (run_uuid),
    dataset_uuid TEXT NOT NULL REFERENCES datasets (dataset_uuid),
    tags_json    TEXT NOT NULL,
    PRIMARY KEY (run_uuid, dataset_uuid)
) STRICT;
