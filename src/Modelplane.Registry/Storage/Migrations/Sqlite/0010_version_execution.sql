-- How each version runs when it is served: concurrency and queue bounds, ONNX Runtime threads and dynamic batching.
-- A version without a row (or a NULL column) runs with the server's defaults. Kept apart from model_versions so the
-- immutable row stays immutable; preferred_batch_sizes is a comma-separated list of row counts ('' for none).
CREATE TABLE model_version_execution (
    model                 TEXT    NOT NULL,
    version               INTEGER NOT NULL,
    max_concurrency       INTEGER CHECK (max_concurrency IS NULL OR max_concurrency >= 1),
    max_queue             INTEGER CHECK (max_queue IS NULL OR max_queue >= 0),
    intra_op_threads      INTEGER CHECK (intra_op_threads IS NULL OR intra_op_threads >= 0),
    inter_op_threads      INTEGER CHECK (inter_op_threads IS NULL OR inter_op_threads >= 0),
    max_batch_size        INTEGER CHECK (max_batch_size IS NULL OR max_batch_size >= 1),
    max_queue_delay_us    INTEGER CHECK (max_queue_delay_us IS NULL OR max_queue_delay_us >= 0),
    preferred_batch_sizes TEXT,
    updated_at            INTEGER NOT NULL,
    PRIMARY KEY (model, version),
    FOREIGN KEY (model, version) REFERENCES model_versions (model, version),
    -- Batching is all or nothing: a batch size without a delay (or the reverse) is not a setting.
    CHECK ((max_batch_size IS NULL) = (max_queue_delay_us IS NULL))
) STRICT;

-- As for the other version tables (0006, 0009): a deleted version takes no new settings.
CREATE TRIGGER tr_model_version_execution_insert_live BEFORE INSERT ON model_version_execution
WHEN EXISTS (SELECT 1 FROM model_versions WHERE model = NEW.model AND version = NEW.version AND deleted_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'modelplane: the model version is deleted'); END;

CREATE TRIGGER tr_model_version_execution_update_live BEFORE UPDATE ON model_version_execution
WHEN EXISTS (SELECT 1 FROM model_versions WHERE model = NEW.model AND version = NEW.version AND deleted_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'modelplane: the model version is deleted'); END;
