-- What an endpoint keeps of its predictions in the inference log: the sampled share (0 to 1), how long records are
-- kept, and the input fields stored only as a keyed hash (a JSON array of names). No row: nothing is logged.
CREATE TABLE endpoint_logging (
    endpoint          TEXT    NOT NULL PRIMARY KEY REFERENCES endpoints (name) ON DELETE CASCADE,
    sample_rate       REAL    NOT NULL CHECK (sample_rate >= 0 AND sample_rate <= 1),
    retention_seconds INTEGER NOT NULL CHECK (retention_seconds > 0),
    redact            TEXT    NOT NULL DEFAULT '[]'
) STRICT;
