-- What an endpoint does beside its split: at most one row per kind.
--   shadow:   model@version gets a copy of `percent` % of requests after the caller is answered; its output is only compared.
--   cascade:  model@version answers first; when its top-class probability is below `threshold`, the split answers instead.
--   fallback: model@version answers when the chosen version fails or times out.
CREATE TABLE endpoint_policies (
    endpoint  TEXT    NOT NULL REFERENCES endpoints (name) ON DELETE CASCADE,
    kind      TEXT    NOT NULL CHECK (kind IN ('shadow', 'cascade', 'fallback')),
    model     TEXT    NOT NULL,
    version   INTEGER NOT NULL,
    percent   INTEGER CHECK (percent BETWEEN 1 AND 100),
    threshold REAL    CHECK (threshold > 0 AND threshold <= 1),
    PRIMARY KEY (endpoint, kind),
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
) STRICT;

CREATE INDEX ix_endpoint_policies_target ON endpoint_policies (model, version);
