-- Progressive rollouts: an endpoint moves from its stable version (the baseline) to a new one (the canary) in steps of
-- traffic, each baked for a while and judged by the rollout controller. The state machine lives here rather than in
-- the controller's memory so that a killed server resumes every rollout where it stood. Timestamps are Unix epoch
-- milliseconds (UTC).
--
-- id: AUTOINCREMENT so a number is never handed out twice, even after a deleted endpoint took its rollouts along;
--     events, audit records and people refer to rollouts by it.
-- endpoint: deleting the endpoint deletes its rollouts (and their events): they meant nothing without it.
-- baseline_*, canary_*: the two versions; an active rollout keeps both in use (VersionUsage), so neither can be
--     deleted under it, and purging a version removes the ended rollouts that name it.
-- steps: the canary's percent at each step as a JSON array of integers, e.g. [5,25,50,100] (RolloutRules checks
--     the values; the schema only that step_index points into it).
-- bake_ms .. min_requests: the rest of the plan (RolloutPlan).
-- state: running and paused are active; promoted, rolled_back and aborted are ended and never change again.
-- step_index: 0-based index into steps of the step in effect; step_started_at: when it (or the state) began, from
--     which the bake is counted.
-- reason: why it is paused or ended; NULL while running.
CREATE TABLE rollouts (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    endpoint              TEXT    NOT NULL REFERENCES endpoints (name) ON DELETE CASCADE,
    baseline_model        TEXT    NOT NULL,
    baseline_version      INTEGER NOT NULL,
    canary_model          TEXT    NOT NULL,
    canary_version        INTEGER NOT NULL,
    steps                 TEXT    NOT NULL CHECK (json_valid(steps) AND json_type(steps) = 'array' AND json_array_length(steps) > 0),
    bake_ms               INTEGER NOT NULL CHECK (bake_ms > 0),
    max_error_rate_delta  REAL    NOT NULL,
    max_p95_latency_ratio REAL    NOT NULL,
    max_prediction_psi    REAL    NOT NULL,
    min_requests          INTEGER NOT NULL CHECK (min_requests > 0),
    state                 TEXT    NOT NULL CHECK (state IN ('running', 'paused', 'promoted', 'rolled_back', 'aborted')),
    step_index            INTEGER NOT NULL CHECK (step_index >= 0 AND step_index < json_array_length(steps)),
    step_started_at       INTEGER NOT NULL,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    created_by            TEXT    NOT NULL,
    reason                TEXT,
    FOREIGN KEY (baseline_model, baseline_version) REFERENCES model_versions (model, version),
    FOREIGN KEY (canary_model, canary_version) REFERENCES model_versions (model, version),
    CHECK (baseline_model != canary_model OR baseline_version != canary_version)
) STRICT;

-- At most one active rollout per endpoint, even if two starts race past the store's own check.
CREATE UNIQUE INDEX ux_rollouts_active_endpoint ON rollouts (endpoint) WHERE state IN ('running', 'paused');
-- The latest rollout of an endpoint, and the cascade when the endpoint is deleted.
CREATE INDEX ix_rollouts_endpoint ON rollouts (endpoint, id);
-- Version deletes (VersionUsage) and purges look rollouts up by either version.
CREATE INDEX ix_rollouts_baseline ON rollouts (baseline_model, baseline_version);
CREATE INDEX ix_rollouts_canary ON rollouts (canary_model, canary_version);

-- A rollout's history, in sequence order: every change of state or step (written in the transaction that made it) and
-- every judgement that changed nothing. from_desc and to_desc describe state and step before and after
-- ('running at step 2 of 4 (25%)'); NULL for events that change nothing. figures_json: the figures a judgement was
-- based on, kept as given (only checked to be JSON) for people and later analysis.
CREATE TABLE rollout_events (
    sequence     INTEGER PRIMARY KEY AUTOINCREMENT,
    rollout_id   INTEGER NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
    at           INTEGER NOT NULL,
    actor        TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    from_desc    TEXT,
    to_desc      TEXT,
    reason       TEXT    NOT NULL,
    figures_json TEXT    CHECK (figures_json IS NULL OR json_valid(figures_json))
) STRICT;

CREATE INDEX ix_rollout_events_rollout ON rollout_events (rollout_id, sequence);
