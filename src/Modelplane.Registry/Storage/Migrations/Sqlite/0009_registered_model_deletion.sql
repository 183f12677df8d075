-- Soft deletion (0006) meets the registered-model tables (0008): as for the other version tables, a deleted
-- version cannot be moved between stages, and a deleted model takes no new tags.
CREATE TRIGGER tr_model_version_stages_insert_live BEFORE INSERT ON model_version_stages
WHEN EXISTS (SELECT 1 FROM model_versions WHERE model = NEW.model AND version = NEW.version AND deleted_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'modelplane: the model version is deleted'); END;

CREATE TRIGGER tr_model_version_stages_update_live BEFORE UPDATE ON model_version_stages
WHEN EXISTS (SELECT 1 FROM model_versions WHERE model = NEW.model AND version = NEW.version AND deleted_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'modelplane: the model version is deleted'); END;

CREATE TRIGGER tr_model_tags_insert_live BEFORE INSERT ON model_tags
WHEN EXISTS (SELECT 1 FROM models WHERE name = NEW.model AND deleted_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'modelplane: the model is deleted'); END;
