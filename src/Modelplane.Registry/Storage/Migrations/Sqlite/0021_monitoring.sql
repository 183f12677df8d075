-- Drift and quality monitoring of endpoints. Timestamps are Unix epoch milliseconds (UTC).
--
-- endpoint_monitoring: how an endpoint's traffic is watched; an endpoint without a row is watched with the defaults
--     whenever a version it serves has a reference profile. window_rows / window_seconds: when a live window closes
--     (either may be NULL, not both). consecutive: drifting windows in a row before a drift alert fires.
--     thresholds_json: the drift thresholds (PSI warning/alert, p-value alpha, minimum rows, per-feature overrides).
CREATE TABLE endpoint_monitoring (
    endpoint        TEXT    NOT NULL PRIMARY KEY REFERENCES endpoints (name) ON DELETE CASCADE,
    enabled         INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    window_rows     INTEGER CHECK (window_rows IS NULL OR window_rows > 0),
    window_seconds  INTEGER CHECK (window_seconds IS NULL OR window_seconds > 0),
    consecutive     INTEGER NOT NULL CHECK (consecutive > 0),
    thresholds_json TEXT    NOT NULL CHECK (json_valid(thresholds_json)),
    updated_at      INTEGER NOT NULL,
    updated_by      TEXT    NOT NULL,
    CHECK (window_rows IS NOT NULL OR window_seconds IS NOT NULL)
) STRICT;

-- Closed live windows of each version on each endpoint: the window's profile (over the reference's bins), its drift
-- report against the version's reference profile, and streak, the drifting windows in a row ending with this one.
-- No foreign key: windows are history, kept when the endpoint changes; retention deletes old ones.
CREATE TABLE monitoring_windows (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    endpoint     TEXT    NOT NULL,
    model        TEXT    NOT NULL,
    version      INTEGER NOT NULL,
    started_at   INTEGER NOT NULL,
    ended_at     INTEGER NOT NULL CHECK (ended_at >= started_at),
    rows         INTEGER NOT NULL CHECK (rows > 0),
    verdict      TEXT    NOT NULL CHECK (verdict IN ('insufficient_data', 'stable', 'warning', 'drift')),
    streak       INTEGER NOT NULL CHECK (streak >= 0),
    profile_json TEXT    NOT NULL CHECK (json_valid(profile_json)),
    report_json  TEXT    NOT NULL CHECK (json_valid(report_json))
) STRICT;

CREATE INDEX ix_monitoring_windows_version ON monitoring_windows (endpoint, model, version, id);
CREATE INDEX ix_monitoring_windows_ended ON monitoring_windows (ended_at);

-- A retraining webhook per model, fired on sustained drift or a quality breach of any of its versions, at most once
-- per cooldown: last_fired_at is claimed with a compare-and-set, so replicas never fire twice in one cooldown.
CREATE TABLE retraining_triggers (
    model            TEXT    NOT NULL PRIMARY KEY,
    url              TEXT    NOT NULL,
    secret           TEXT,
    cooldown_seconds INTEGER NOT NULL CHECK (cooldown_seconds > 0),
    last_fired_at    INTEGER,
    last_error       TEXT,
    fired            INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    created_by       TEXT    NOT NULL
) STRICT;

-- Monitoring alerts (objective 'drift' or 'model-quality', condition 'model@version') share slo_alerts with the
-- burn-rate alerts, so one list, one silence and one receiver set serve both; their detail (the drifted features,
-- the window, the lineage link) is JSON.
ALTER TABLE slo_alerts ADD COLUMN detail_json TEXT CHECK (detail_json IS NULL OR json_valid(detail_json));
