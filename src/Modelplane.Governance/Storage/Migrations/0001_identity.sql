-- Timestamps are Unix epoch milliseconds (UTC). Names are validated before they get here.

CREATE TABLE workspaces (
    name        TEXT    NOT NULL PRIMARY KEY,
    description TEXT,
    created_at  INTEGER NOT NULL,
    created_by  TEXT    NOT NULL
) STRICT;

-- Users and service accounts exist once; what they may do is per workspace (members).
CREATE TABLE principals (
    name       TEXT    NOT NULL PRIMARY KEY,
    kind       TEXT    NOT NULL CHECK (kind IN ('user', 'service_account')),
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE members (
    workspace TEXT    NOT NULL REFERENCES workspaces (name) ON DELETE CASCADE,
    principal TEXT    NOT NULL REFERENCES principals (name),
    role      TEXT    NOT NULL CHECK (role IN ('viewer', 'developer', 'deployer', 'approver', 'admin')),
    added_at  INTEGER NOT NULL,
    added_by  TEXT    NOT NULL,
    PRIMARY KEY (workspace, principal)
) STRICT;

-- Only the SHA-256 of a token's secret is kept; id is the visible part (mp_<id>_<secret>).
CREATE TABLE tokens (
    id          TEXT    NOT NULL PRIMARY KEY,
    secret_hash BLOB    NOT NULL CHECK (length(secret_hash) = 32),
    workspace   TEXT    NOT NULL REFERENCES workspaces (name) ON DELETE CASCADE,
    principal   TEXT    NOT NULL REFERENCES principals (name),
    role        TEXT    NOT NULL CHECK (role IN ('viewer', 'developer', 'deployer', 'approver', 'admin')),
    description TEXT,
    created_at  INTEGER NOT NULL,
    created_by  TEXT    NOT NULL,
    expires_at  INTEGER,
    revoked_at  INTEGER,
    revoked_by  TEXT
) STRICT;

CREATE INDEX ix_tokens_workspace ON tokens (workspace, principal);
