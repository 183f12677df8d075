-- An endpoint's traffic split: the versions that share its requests and their weights (percent, summing to 100).
-- No rows: the endpoint's own version (endpoints.model, endpoints.version: the stable one) takes every request.
-- sticky_header names the request header whose value keeps a caller on one version while the weights are unchanged.
CREATE TABLE endpoint_traffic (
    endpoint TEXT    NOT NULL REFERENCES endpoints (name) ON DELETE CASCADE,
    model    TEXT    NOT NULL,
    version  INTEGER NOT NULL,
    weight   INTEGER NOT NULL CHECK (weight BETWEEN 1 AND 100),
    PRIMARY KEY (endpoint, model, version),
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
) STRICT;

CREATE INDEX ix_endpoint_traffic_target ON endpoint_traffic (model, version);

ALTER TABLE endpoints ADD COLUMN sticky_header TEXT;
