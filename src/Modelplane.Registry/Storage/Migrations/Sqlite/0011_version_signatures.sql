-- Ed25519 signatures over versions' digests, verified by the server before they are stored. The key's fingerprint is
-- kept with the name: a key deleted and re-created under the same name is another key and inherits no signature.
-- signature is base64 text so version reads can fold it into JSON. signed_at is Unix epoch milliseconds (UTC).
CREATE TABLE model_version_signatures (
    model           TEXT    NOT NULL,
    version         INTEGER NOT NULL,
    key_name        TEXT    NOT NULL,
    key_fingerprint TEXT    NOT NULL CHECK (length(key_fingerprint) = 32),
    signature       TEXT    NOT NULL,
    signed_at       INTEGER NOT NULL,
    PRIMARY KEY (model, version, key_fingerprint),
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version)
) STRICT;

-- As for the other version tables: a deleted version takes no new signatures.
CREATE TRIGGER tr_model_version_signatures_insert_live BEFORE INSERT ON model_version_signatures
WHEN EXISTS (SELECT 1 FROM model_versions WHERE model = NEW.model AND version = NEW.version AND deleted_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'modelplane: the model version is deleted'); END;
