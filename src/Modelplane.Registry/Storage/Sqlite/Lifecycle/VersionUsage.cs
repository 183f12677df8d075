using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Modelplane.Registry.Storage.Sqlite.Lifecycle;

/// <summary>
/// What puts a version to use, so that it cannot be deleted: endpoints, their traffic splits, their shadow, cascade and
/// fallback versions, and active rollouts (whose baseline stays in use even while the canary takes every request, since
/// a rollback returns to it). The delete runs these inside its write transaction, so no new user can slip in between.
/// </summary>
internal static class VersionUsage
{
    // Each query returns (Kind, Name, Version) for one model, all versions when @version is NULL.
    private static readonly string[] Queries =
    [
        """
        SELECT 'endpoint' AS Kind, name AS Name, version AS Version FROM endpoints
        WHERE model = @model AND (@version IS NULL OR version = @version)
        """,
        """
        SELECT 'endpoint' AS Kind, endpoint AS Name, version AS Version FROM endpoint_traffic
        WHERE model = @model AND (@version IS NULL OR version = @version)
        """,
        """
        SELECT 'endpoint' AS Kind, endpoint AS Name, version AS Version FROM endpoint_policies
        WHERE model = @model AND (@version IS NULL OR version = @version)
        """,
        """
        SELECT 'rollout' AS Kind, endpoint AS Name, baseline_version AS Version FROM rollouts
        WHERE baseline_model = @model AND (@version IS NULL OR baseline_version = @version) AND state IN ('running', 'paused')
        UNION
        SELECT 'rollout' AS Kind, endpoint AS Name, canary_version AS Version FROM rollouts
        WHERE canary_model = @model AND (@version IS NULL OR canary_version = @version) AND state IN ('running', 'paused')
        """,
    ];

    public static async Task<IReadOnlyList<VersionUser>> FindAsync(
        SqliteConnection connection, DbTransaction transaction, string model, int? version, CancellationToken ct)
    {
        var users = new List<VersionUser>();
        foreach (var sql in Queries)
        {
            users.AddRange(await connection.QueryAsync<VersionUser>(
                new CommandDefinition(sql, new { model, version }, transaction, cancellationToken: ct)));
        }

        return [.. users.OrderBy(u => u.Kind, StringComparer.Ordinal).ThenBy(u => u.Name, StringComparer.Ordinal)];
    }

    /// <summary>The conflict to throw when a delete finds users: it names every one, and what to do.</summary>
    public static ResourceConflictException InUse(string subject, IReadOnlyList<VersionUser> users) => new(
        $"{subject} is in use: {string.Join(", ", users.Select(Describe))}. " +
        (users.Any(u => u.Kind == "rollout") ? "Point endpoints at another version (or delete them) and end rollouts first." : "Point them at another version (or delete them) first."));

    private static string Describe(VersionUser user) => user.Kind == "rollout"
        ? $"the rollout of endpoint '{user.Name}' uses version {user.Version}"
        : $"{user.Kind} '{user.Name}' serves version {user.Version}";

    internal sealed class VersionUser
    {
        public string Kind { get; set; } = "";

        public string Name { get; set; } = "";

        public long Version { get; set; }
    }
}
