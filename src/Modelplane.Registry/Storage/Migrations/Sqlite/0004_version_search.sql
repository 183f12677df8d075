-- Version search (metrics.auc > 0.9, params.depth = '6', order by created or a metric, keyset pages).
-- Metrics and params stay in the version row as JSON for whole-version reads; these side tables are the
-- searchable copies, written in the same transaction as the row at push.

CREATE TABLE model_version_metrics (
    model   TEXT    NOT NULL,
    version INTEGER NOT NULL,
    key     TEXT    NOT NULL,
    value   REAL    NOT NULL,
    PRIMARY KEY (model, version, key),
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
) STRICT;

CREATE INDEX ix_model_version_metrics_key_value ON model_version_metrics (key, value);

INSERT INTO model_version_metrics (model, version, key, value)
SELECT v.model, v.version, m.key, m.value FROM model_versions v, json_each(v.metrics_json) m;

CREATE TABLE model_version_params (
    model   TEXT    NOT NULL,
    version INTEGER NOT NULL,
    key     TEXT    NOT NULL,
    value   TEXT    NOT NULL,
    PRIMARY KEY (model, version, key),
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
) STRICT;

CREATE INDEX ix_model_version_params_key_value ON model_version_params (key, value);

INSERT INTO model_version_params (model, version, key, value)
SELECT v.model, v.version, p.key, p.value FROM model_versions v, json_each(v.params_json) p;

-- The default order (newest first) and keyset pages over it read this index instead of sorting every row.
CREATE INDEX ix_model_versions_created ON model_versions (created_at, model, version);
CREATE INDEX ix_model_versions_version ON model_versions (version, model);
CREATE INDEX ix_model_aliases_alias ON model_aliases (alias);
