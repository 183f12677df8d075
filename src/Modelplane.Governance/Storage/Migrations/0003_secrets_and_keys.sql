-- Secrets and artifact-signing keys, per workspace. Timestamps are Unix epoch milliseconds (UTC).
-- No foreign key to workspaces: rows are keyed by the workspace's name, and deleting a workspace deletes them explicitly.

-- A value is kept only as AES-256-GCM ciphertext. The associated data (workspace, name, version) binds a row to its
-- place, so a row copied under another name or version fails to decrypt. key_id names the master key that sealed it.
CREATE TABLE secrets (
    workspace  TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    key_id     TEXT    NOT NULL,
    nonce      BLOB    NOT NULL CHECK (length(nonce) = 12),
    ciphertext BLOB    NOT NULL,
    tag        BLOB    NOT NULL CHECK (length(tag) = 16),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (workspace, name)
) STRICT;

-- Ed25519 public keys; the private halves never reach the server. A revoked key stays so old signatures still name it.
CREATE TABLE signing_keys (
    workspace   TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    public_key  BLOB    NOT NULL CHECK (length(public_key) = 32),
    fingerprint TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    created_by  TEXT    NOT NULL,
    revoked_at  INTEGER,
    revoked_by  TEXT,
    PRIMARY KEY (workspace, name)
) STRICT;
