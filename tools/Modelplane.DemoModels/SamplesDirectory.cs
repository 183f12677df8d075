namespace Modelplane.DemoModels;

/// <summary>Finds the repository's <c>samples</c> folder.</summary>
internal static class SamplesDirectory
{
    /// <summary>Walks up from <paramref name="start"/> to the first folder holding <c>samples/data</c>.</summary>
    public static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples");
            if (Directory.Exists(Path.Combine(candidate, "data")))
            {
                return candidate;
            }
        }

        return null;
    }
}
