using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Modelplane.Registry.Models;

namespace Modelplane.Registry.Storage.Sqlite.Search;

/// <summary>The last row of a page: its sort value and key, serialised into an opaque page token.</summary>
internal sealed record VersionCursor(double? Value, string Model, int Version)
{
    public string Encode(VersionOrder order)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("o", order.Signature);
            if (Value is { } value)
            {
                json.WriteNumber("n", value);
            }

            json.WriteString("m", Model);
            json.WriteNumber("v", Version);
            json.WriteEndObject();
        }

        return Base64Url.EncodeToString(buffer.ToArray());
    }

    /// <exception cref="RegistryValidationException">The token is not one this order produced.</exception>
    public static VersionCursor? Decode(string? token, VersionOrder order)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(Base64Url.DecodeFromChars(token));
            var root = json.RootElement;
            if (root.GetProperty("o").GetString() == order.Signature)
            {
                double? value = root.TryGetProperty("n", out var n) ? n.GetDouble() : null;
                return new VersionCursor(value, root.GetProperty("m").GetString()!, root.GetProperty("v").GetInt32());
            }
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // Reported below with the same message as a token from another order.
        }

        throw new RegistryValidationException(
            $"Invalid page token '{token}': pass the nextPageToken of the previous page with the same order_by.");
    }
}
