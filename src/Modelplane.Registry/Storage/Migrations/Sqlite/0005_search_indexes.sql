-- Search at scale (100,000 versions, 100,000 runs): indexes that let a search page walk its order and stop, and
-- let a filter's match count be read from one index without touching the rows.

-- MLflow's default run order (newest start first, then run id) across any set of experiments: runs/search walks
-- this index and probes each run's metrics/params/tags by primary key until the page is full. The trailing columns
-- answer the experiment and lifecycle conditions without reading the run row.
CREATE INDEX ix_runs_start ON runs (start_time DESC, run_uuid, experiment_id, lifecycle_stage);

-- A metric comparison is key = ? AND is_nan = 0 AND value <op> ?: with is_nan before value it is one index range,
-- so the matches are counted (to choose the plan) from the index alone. Replaces the (key, value) index.
CREATE INDEX ix_latest_metrics_key_nan_value ON latest_metrics (key, is_nan, value);
DROP INDEX ix_latest_metrics_key_value;

-- Ordered by a metric, a search page walks the versions that have it in (value, model, version) order and stops,
-- rather than sorting every version. Replaces the (key, value) index, a prefix of this one.
CREATE INDEX ix_model_version_metrics_key_value_version ON model_version_metrics (key, value, model, version);
DROP INDEX ix_model_version_metrics_key_value;
