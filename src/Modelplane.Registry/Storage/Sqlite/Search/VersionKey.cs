namespace Modelplane.Registry.Storage.Sqlite.Search;

/// <summary>One row of a search page before the versions are loaded: the key and the value the order sorts by.</summary>
internal sealed class VersionKey
{
    public string Model { get; set; } = "";

    public long Version { get; set; }

    public double? Value { get; set; }
}
