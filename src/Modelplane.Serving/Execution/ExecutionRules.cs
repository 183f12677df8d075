using System.Globalization;
using Modelplane.Registry.Formats;
using Modelplane.Registry.Models;

namespace Modelplane.Serving.Execution;

/// <summary>
/// Turns a version's stored <see cref="VersionExecution"/> into the <see cref="ExecutionSettings"/> it runs with, and
/// checks a proposed one: ranges, threads against the machine, and whether the model can be batched at all.
/// </summary>
public static class ExecutionRules
{
    /// <summary>Most rows one dynamic batch may hold.</summary>
    public const int MaxBatchSizeLimit = 1024;

    /// <summary>Longest queue delay accepted, in microseconds (one second).</summary>
    public const long MaxQueueDelayLimitMicroseconds = 1_000_000;

    /// <summary>The settings a version runs with: each stored member over the server's <paramref name="defaults"/>.</summary>
    public static ExecutionSettings Resolve(VersionExecution? stored, ExecutionSettings defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        if (stored is null)
        {
            return defaults;
        }

        return new ExecutionSettings(
            stored.MaxConcurrency ?? defaults.MaxConcurrency,
            stored.MaxQueue ?? defaults.MaxQueue,
            stored.IntraOpThreads ?? defaults.IntraOpThreads,
            stored.InterOpThreads ?? defaults.InterOpThreads,
            stored.Batching is { } b
                ? new BatchingSettings(b.MaxBatchSize, TimeSpan.FromMicroseconds(b.MaxQueueDelayMicroseconds), [.. b.PreferredBatchSizes.Order()])
                : defaults.Batching);
    }

    /// <summary>Every reason <paramref name="proposed"/> cannot apply to <paramref name="version"/>; empty when it can.</summary>
    /// <param name="version">The version the settings are for; its format and signature decide whether it can be batched.</param>
    /// <param name="proposed">The settings to check.</param>
    /// <param name="defaults">The server's defaults, which fill the members left null.</param>
    /// <param name="force">Allow more ONNX Runtime threads than the machine has processors.</param>
    /// <param name="processorCount">The machine's processors.</param>
    public static IReadOnlyList<string> Validate(ModelVersion version, VersionExecution proposed, ExecutionSettings defaults, bool force, int processorCount)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(proposed);
        var errors = new List<string>();
        Range(errors, "max_concurrency", proposed.MaxConcurrency, 1, 4096);
        Range(errors, "max_queue", proposed.MaxQueue, 0, 1_000_000);
        var threadLimit = force ? 256 : processorCount;
        var hint = force ? "" : $" (this machine has {processorCount} processors; add force=true to oversubscribe on purpose)";
        Range(errors, "intra_op_threads", proposed.IntraOpThreads, 0, threadLimit, hint);
        Range(errors, "inter_op_threads", proposed.InterOpThreads, 0, threadLimit, hint);
        if (proposed.Batching is { } batching)
        {
            ValidateBatching(errors, version, batching, proposed.MaxQueue ?? defaults.MaxQueue);
        }

        return errors;
    }

    /// <summary>Why <paramref name="version"/> cannot be batched along its first dimension, or null when it can.</summary>
    public static string? WhyNotBatchable(ModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.Format != ModelFormatNames.Onnx)
        {
            return $"dynamic batching is available for ONNX models; {version.Model}@{version.Version} is {version.Format}.";
        }

        foreach (var (kind, spec) in version.Signature.Inputs.Select(i => ("input", i)).Concat(version.Signature.Outputs.Select(o => ("output", o))))
        {
            if (spec.Shape.Count == 0 || spec.Shape[0] != TensorSpec.DynamicDimension)
            {
                return $"{kind} '{spec.Name}' has shape {Format(spec.Shape)}, whose first dimension is not a dynamic batch dimension, " +
                    "so requests cannot be stacked along it.";
            }

            if (spec.ElementType is TensorElementType.String or TensorElementType.Unsupported)
            {
                return $"{kind} '{spec.Name}' is a {spec.ElementType} tensor, which cannot be split into rows.";
            }
        }

        return null;
    }

    private static void ValidateBatching(List<string> errors, ModelVersion version, VersionBatching batching, int maxQueue)
    {
        if (WhyNotBatchable(version) is { } why)
        {
            errors.Add($"batching cannot be turned on for {version.Model}@{version.Version}: {why}");
        }

        Range(errors, "max_batch_size", batching.MaxBatchSize, 1, MaxBatchSizeLimit);
        if (batching.MaxQueueDelayMicroseconds is < 0 or > MaxQueueDelayLimitMicroseconds)
        {
            errors.Add($"max_queue_delay_us is {batching.MaxQueueDelayMicroseconds}; it must be between 0 and {MaxQueueDelayLimitMicroseconds} (one second).");
        }

        foreach (var size in batching.PreferredBatchSizes.Where(s => s < 1 || s > batching.MaxBatchSize))
        {
            errors.Add($"preferred_batch_sizes has {size}; each must be between 1 and max_batch_size ({batching.MaxBatchSize}).");
        }

        if (batching.PreferredBatchSizes.Count != batching.PreferredBatchSizes.Distinct().Count())
        {
            errors.Add("preferred_batch_sizes lists a size more than once.");
        }

        if (maxQueue < batching.MaxBatchSize)
        {
            errors.Add($"max_queue is {maxQueue}, less than max_batch_size ({batching.MaxBatchSize}): a full batch could never gather.");
        }
    }

    private static void Range(List<string> errors, string name, int? value, int min, int max, string hint = "")
    {
        if (value is { } v && (v < min || v > max))
        {
            errors.Add($"{name} is {v}; it must be between {min} and {max}{hint}.");
        }
    }

    private static string Format(IReadOnlyList<long> shape) =>
        "[" + string.Join(", ", shape.Select(d => d < 0 ? "-1" : d.ToString(CultureInfo.InvariantCulture))) + "]";
}
