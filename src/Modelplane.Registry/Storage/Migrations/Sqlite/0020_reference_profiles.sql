-- One reference profile per model version: the distribution of a training sample's features and the model's outputs on
-- it, which drift is measured against. Profiling a version again replaces its row. profile is the ReferenceProfile as
-- JSON (MonitoringJsonContext); data_digest (sha256:hex of the uploaded file) is kept apart so lineage can show it.
-- created_at is Unix epoch milliseconds (UTC). Purge removes the row with its version (SqliteModelLifecycleStore).
CREATE TABLE model_version_profiles (
    model        TEXT    NOT NULL,
    version      INTEGER NOT NULL,
    data_digest  TEXT    NOT NULL CHECK (data_digest LIKE 'sha256:%'),
    data_format  TEXT    NOT NULL CHECK (data_format IN ('csv', 'parquet')),
    label_column TEXT,
    rows         INTEGER NOT NULL CHECK (rows >= 0),
    profile      TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (model, version),
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
) STRICT;

-- As for the other version tables: a deleted version takes no new profile.
CREATE TRIGGER tr_model_version_profiles_insert_live BEFORE INSERT ON model_version_profiles
WHEN EXISTS (SELECT 1 FROM model_versions WHERE model = NEW.model AND version = NEW.version AND deleted_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'modelplane: the model version is deleted'); END;

CREATE TRIGGER tr_model_version_profiles_update_live BEFORE UPDATE ON model_version_profiles
WHEN EXISTS (SELECT 1 FROM model_versions WHERE model = NEW.model AND version = NEW.version AND deleted_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'modelplane: the model version is deleted'); END;
