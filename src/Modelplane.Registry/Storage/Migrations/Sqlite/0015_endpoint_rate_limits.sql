-- Requests per second an endpoint accepts in all (rate_limit) and from one caller (caller_rate_limit); NULL: no limit.
ALTER TABLE endpoints ADD COLUMN rate_limit INTEGER CHECK (rate_limit IS NULL OR rate_limit > 0);
ALTER TABLE endpoints ADD COLUMN caller_rate_limit INTEGER CHECK (caller_rate_limit IS NULL OR caller_rate_limit > 0);
