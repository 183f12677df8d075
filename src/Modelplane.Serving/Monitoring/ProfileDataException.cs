namespace Modelplane.Serving.Monitoring;

/// <summary>
/// Profiling data that does not fit the model or cannot be read: wrong columns, an unknown label column, an empty or
/// malformed file. The message names the problem so the user can fix the data (the API returns it as a 400).
/// </summary>
public sealed class ProfileDataException : Exception
{
    /// <summary>Creates the exception with a message a user can act on.</summary>
    public ProfileDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public ProfileDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ProfileDataException()
        : base("The profiling data cannot be used.")
    {
    }

    /// <summary>Up to <paramref name="max"/> names, quoted and comma-separated, with a count of the rest.</summary>
    internal static string List(IEnumerable<string> names, int max = 40)
    {
        var all = names.ToList();
        var shown = string.Join(", ", all.Take(max).Select(n => $"'{n}'"));
        return all.Count > max ? $"{shown}, … ({all.Count - max} more)" : shown;
    }
}
