-- The principal whose token pushed the version, as the server authenticated it (NULL for versions pushed before
-- authentication, imported from archives, or pushed anonymously). model_versions.created_by (0002) stays what the
-- client said about itself; only this column may be trusted for separation of duties (an author cannot approve).
ALTER TABLE model_versions ADD COLUMN author TEXT;
