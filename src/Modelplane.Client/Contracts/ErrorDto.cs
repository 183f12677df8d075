namespace Modelplane.Client.Contracts;

/// <summary>Every error body: one message that names the problem (the Open Inference Protocol's shape).</summary>
public sealed record ErrorDto(string Error);
