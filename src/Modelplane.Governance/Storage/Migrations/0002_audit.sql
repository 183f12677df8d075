-- The audit log: one hash chain per workspace. seq counts 1, 2, 3 ... within a workspace; prev_hash is the previous
-- record's hash (32 zero bytes for seq 1); hash is SHA-256 over the record's canonical encoding (Audit/AuditHash.cs).
-- No foreign key to workspaces: the record of a workspace outlives the workspace.
CREATE TABLE audit_records (
    workspace      TEXT    NOT NULL,
    seq            INTEGER NOT NULL CHECK (seq >= 1),
    time           INTEGER NOT NULL,
    actor          TEXT    NOT NULL,
    action         TEXT    NOT NULL,
    target         TEXT    NOT NULL,
    outcome        TEXT    NOT NULL CHECK (outcome IN ('started', 'succeeded', 'failed', 'denied')),
    status         INTEGER,
    "before"       TEXT,
    "after"        TEXT,
    client_address TEXT,
    request_id     TEXT,
    prev_hash      BLOB    NOT NULL CHECK (length(prev_hash) = 32),
    hash           BLOB    NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (workspace, seq)
) STRICT;

-- Append-only: changing or removing a record needs these triggers dropped first, a deliberate act that the hash
-- chain then exposes (`modelplane audit verify`).
CREATE TRIGGER audit_records_no_update BEFORE UPDATE ON audit_records
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only: they cannot be changed');
END;

CREATE TRIGGER audit_records_no_delete BEFORE DELETE ON audit_records
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only: they cannot be deleted');
END;
