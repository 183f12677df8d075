-- Service-level objectives of endpoints, the per-minute counts they are judged on, the alerts they raise and where
-- alerts go. Timestamps are Unix epoch milliseconds (UTC); minutes are Unix epoch minutes.
--
-- slo_objectives: one row per endpoint and objective (availability, latency, quality). target is the share of good
--     events (0 < target < 1), window_seconds the compliance window (e.g. 30 days). threshold_ms: the latency
--     objective's bound (a request slower than it is bad); NULL for the others. Deleting the endpoint deletes them.
CREATE TABLE slo_objectives (
    endpoint       TEXT    NOT NULL REFERENCES endpoints (name) ON DELETE CASCADE,
    objective      TEXT    NOT NULL CHECK (objective IN ('availability', 'latency', 'quality')),
    target         REAL    NOT NULL CHECK (target > 0 AND target < 1),
    window_seconds INTEGER NOT NULL CHECK (window_seconds > 0),
    threshold_ms   REAL    CHECK (threshold_ms IS NULL OR threshold_ms > 0),
    updated_at     INTEGER NOT NULL,
    updated_by     TEXT    NOT NULL,
    PRIMARY KEY (endpoint, objective)
) STRICT;

-- Events and bad events per endpoint, objective and minute as each server process (node) counted them; flushes add
-- to an existing row, so a restart or several replicas only ever add. No foreign key: counts are written after the
-- fact and must not fail because the endpoint went away meanwhile.
CREATE TABLE slo_minutes (
    endpoint  TEXT    NOT NULL,
    objective TEXT    NOT NULL,
    minute    INTEGER NOT NULL,
    node      TEXT    NOT NULL,
    events    INTEGER NOT NULL CHECK (events >= 0),
    bad       INTEGER NOT NULL CHECK (bad >= 0),
    PRIMARY KEY (endpoint, objective, minute, node)
) STRICT, WITHOUT ROWID;

CREATE INDEX ix_slo_minutes_minute ON slo_minutes (minute);

-- Burn-rate alerts: one row per time a condition (fast, medium, slow) of an objective fired; it stays 'firing' until
-- the condition stops holding, then 'resolved' for good. last_notified_at: when receivers were last told it fires
-- (NULL: never, e.g. silenced), so a restart neither forgets nor repeats a notification. The burn rates, target and
-- budget are the last evaluation's.
CREATE TABLE slo_alerts (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    endpoint         TEXT    NOT NULL,
    objective        TEXT    NOT NULL,
    condition        TEXT    NOT NULL,
    severity         TEXT    NOT NULL,
    state            TEXT    NOT NULL CHECK (state IN ('firing', 'resolved')),
    started_at       INTEGER NOT NULL,
    resolved_at      INTEGER,
    last_notified_at INTEGER,
    long_burn        REAL    NOT NULL,
    short_burn       REAL    NOT NULL,
    target           REAL    NOT NULL,
    budget_remaining REAL    NOT NULL,
    updated_at       INTEGER NOT NULL,
    CHECK ((state = 'resolved') = (resolved_at IS NOT NULL))
) STRICT;

-- At most one firing alert per endpoint, objective and condition: the alert's identity (its fingerprint).
CREATE UNIQUE INDEX ux_slo_alerts_firing ON slo_alerts (endpoint, objective, condition) WHERE state = 'firing';
CREATE INDEX ix_slo_alerts_started ON slo_alerts (started_at);

-- Webhooks that receive alert notifications. secret: when set, each POST carries an HMAC-SHA256 of its body. The
-- delivery figures are what this database's nodes recorded (people see failing receivers in the list).
CREATE TABLE alert_receivers (
    name            TEXT    NOT NULL PRIMARY KEY,
    url             TEXT    NOT NULL,
    secret          TEXT,
    created_at      INTEGER NOT NULL,
    created_by      TEXT    NOT NULL,
    delivered       INTEGER NOT NULL DEFAULT 0,
    failed          INTEGER NOT NULL DEFAULT 0,
    last_attempt_at INTEGER,
    last_error      TEXT
) STRICT;

-- Silences: while one covers an endpoint (endpoint NULL: every endpoint), its alerts are still evaluated and kept but
-- nobody is notified. Expired silences stay for the record.
CREATE TABLE alert_silences (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    endpoint   TEXT,
    starts_at  INTEGER NOT NULL,
    ends_at    INTEGER NOT NULL CHECK (ends_at > starts_at),
    comment    TEXT    NOT NULL,
    created_by TEXT    NOT NULL
) STRICT;
