-- One admission policy per workspace: the document as written (YAML or JSON), parsed and validated before it is
-- stored, so what is read back always parses. No row means no policy: every action is allowed.
-- No foreign key to workspaces: policies are written before (and independently of) the workspace rows' creation;
-- deleting a workspace deletes its policy explicitly.
CREATE TABLE policies (
    workspace  TEXT    NOT NULL PRIMARY KEY,
    document   TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT    NOT NULL
) STRICT;
