using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Modelplane.Registry.Models;

/// <summary>A <c>MODEL@VERSION</c> reference as users type it; the version may be omitted to mean the latest.</summary>
public readonly record struct ModelReference(string Model, int? Version)
{
    /// <summary>Parses <c>name</c> or <c>name@3</c>.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ModelReference? reference)
    {
        reference = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var at = text.LastIndexOf('@');
        if (at < 0)
        {
            reference = new ModelReference(text, null);
            return true;
        }

        if (at == 0 || !int.TryParse(text.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            return false;
        }

        reference = new ModelReference(text[..at], version);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Version is { } v ? $"{Model}@{v}" : Model;
}
