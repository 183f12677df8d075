using System.ComponentModel.DataAnnotations;

namespace Modelplane.Serving;

/// <summary>Limits and ONNX Runtime settings for the data plane.</summary>
public sealed class ServingOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Modelplane:Serving";

    /// <summary>Largest request body accepted, in bytes; larger bodies get 413.</summary>
    /// <value>Defaults to 32 MiB.</value>
    [Range(1024, int.MaxValue)]
    public long MaxRequestBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Most tensor elements accepted per request, summed over all inputs; more gets 413.</summary>
    /// <value>Defaults to 16,777,216.</value>
    [Range(1, 1L << 27)]
    public long MaxTensorElements { get; set; } = 16_777_216;

    /// <summary>Deepest JSON nesting accepted in a request; deeper bodies get 400.</summary>
    /// <value>Defaults to 32.</value>
    [Range(4, 256)]
    public int MaxJsonDepth { get; set; } = 32;

    /// <summary>ONNX Runtime threads used inside one operator.</summary>
    /// <value>Defaults to 1: Kestrel already runs requests in parallel, and more threads made small models slower.</value>
    [Range(0, 256)]
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>ONNX Runtime threads used to run independent operators in parallel.</summary>
    /// <value>Defaults to 1 (sequential execution).</value>
    [Range(0, 256)]
    public int InterOpThreads { get; set; } = 1;
}
