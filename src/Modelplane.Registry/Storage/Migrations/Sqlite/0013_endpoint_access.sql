-- Who may call an endpoint. A developer's endpoint starts in the sandbox state (callers with a token of the workspace
-- only) until a deployer makes it live; only a live endpoint may be opened to callers without a token, and only by
-- an explicit setting. Endpoints that existed before were created by deployers: they are live and closed.
ALTER TABLE endpoints ADD COLUMN state TEXT NOT NULL DEFAULT 'live' CHECK (state IN ('sandbox', 'live'));
ALTER TABLE endpoints ADD COLUMN anonymous_predictions INTEGER NOT NULL DEFAULT 0 CHECK (anonymous_predictions IN (0, 1));
