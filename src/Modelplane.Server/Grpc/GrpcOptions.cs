using System.ComponentModel.DataAnnotations;

namespace Modelplane.Server.Grpc;

/// <summary>Where the Open Inference Protocol's gRPC service listens.</summary>
/// <remarks>
/// gRPC needs HTTP/2, and cleartext HTTP/2 cannot share a port with HTTP/1.1 (a client would have to know which one
/// to speak before the first byte), so gRPC gets a listener of its own beside the REST address.
/// </remarks>
public sealed class GrpcOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Modelplane:Grpc";

    /// <summary>The default listener: loopback only, one port above the REST default.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8081";

    /// <summary>The HTTP/2 address of the gRPC listener, e.g. <c>http://0.0.0.0:8081</c>; empty disables gRPC.</summary>
    /// <value>Defaults to <see cref="DefaultUrl"/>.</value>
    [RegularExpression(@"^(https?://[^/;\s]+/?)?$", ErrorMessage = "Modelplane:Grpc:Url must be one http:// or https:// address such as http://127.0.0.1:8081, or empty to disable gRPC.")]
    public string? Url { get; set; } = DefaultUrl;

    /// <summary>True when a gRPC listener is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Url);
}
