using Modelplane.Registry.Models;
using Modelplane.Serving.Execution;
using Modelplane.Serving.Tests.TestModels;

namespace Modelplane.Serving.Tests.Execution;

public sealed class ExecutionRulesTests
{
    private static readonly ExecutionSettings Defaults = new(4, 256, 1, 1);

    [Fact]
    public void Resolve_NothingStored_ReturnsTheDefaults()
    {
        Assert.Same(Defaults, ExecutionRules.Resolve(null, Defaults));
    }

    [Fact]
    public void Resolve_SomeMembersSet_TakesThemOverTheDefaults()
    {
        var stored = VersionExecution.Default with { MaxQueue = 64, Batching = new VersionBatching(32, 2000, [16, 8]) };

        var settings = ExecutionRules.Resolve(stored, Defaults);

        Assert.Equal((4, 64, 1, 1), (settings.MaxConcurrency, settings.MaxQueue, settings.IntraOpThreads, settings.InterOpThreads));
        Assert.Equal((32, TimeSpan.FromMilliseconds(2), "8,16"), (settings.Batching!.MaxBatchSize, settings.Batching.MaxQueueDelay, string.Join(",", settings.Batching.PreferredBatchSizes)));
    }

    [Fact]
    public void Validate_BatchingOnFixedBatchDimension_SaysWhichTensor()
    {
        var fixedRows = LrModel.Version with
        {
            Signature = new ModelSignature([new TensorSpec("input", TensorElementType.Float32, [1, 30])], LrModel.Version.Signature.Outputs),
        };

        var errors = ExecutionRules.Validate(fixedRows, Batched(8), Defaults, force: false, processorCount: 2);

        Assert.Equal(
            "batching cannot be turned on for lr@3: input 'input' has shape [1, 30], whose first dimension is not a dynamic batch dimension, so requests cannot be stacked along it.",
            Assert.Single(errors));
    }

    [Fact]
    public void Validate_OutputWithoutBatchDimension_SaysWhichOutput()
    {
        var scalarOut = LrModel.Version with
        {
            Signature = new ModelSignature(LrModel.Version.Signature.Inputs, [new TensorSpec("score", TensorElementType.Float32, [1])]),
        };

        var error = Assert.Single(ExecutionRules.Validate(scalarOut, Batched(8), Defaults, force: false, processorCount: 2));

        Assert.Contains("output 'score' has shape [1]", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OutOfRangeValues_ReportsEveryOne()
    {
        var proposed = new VersionExecution(0, null, 3, null, new VersionBatching(4096, 2_000_000, [0, 8, 8]));

        var errors = ExecutionRules.Validate(LrModel.Version, proposed, Defaults, force: false, processorCount: 2);

        Assert.Equal(
            [
                "max_concurrency is 0; it must be between 1 and 4096.",
                "intra_op_threads is 3; it must be between 0 and 2 (this machine has 2 processors; add force=true to oversubscribe on purpose).",
                "max_batch_size is 4096; it must be between 1 and 1024.",
                "max_queue_delay_us is 2000000; it must be between 0 and 1000000 (one second).",
                "preferred_batch_sizes has 0; each must be between 1 and max_batch_size (4096).",
                "preferred_batch_sizes lists a size more than once.",
                "max_queue is 256, less than max_batch_size (4096): a full batch could never gather.",
            ],
            errors);
    }

    [Fact]
    public void Validate_MoreThreadsThanProcessorsWithForce_Accepts()
    {
        Assert.Empty(ExecutionRules.Validate(LrModel.Version, VersionExecution.Default with { IntraOpThreads = 8 }, Defaults, force: true, processorCount: 2));
    }

    private static VersionExecution Batched(int size) => VersionExecution.Default with { Batching = new VersionBatching(size, 1000, []) };
}
