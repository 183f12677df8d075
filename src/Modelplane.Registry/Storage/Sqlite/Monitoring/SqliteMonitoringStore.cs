using System.Text.Json;
using Dapper;
using Modelplane.Registry.Models;
using Modelplane.Registry.Monitoring;

namespace Modelplane.Registry.Storage.Sqlite.Monitoring;

/// <summary>Monitoring settings and closed live windows in SQLite (migration 0021).</summary>
internal sealed partial class SqliteMonitoringStore(SqliteConnectionFactory connections, TimeProvider time) : IMonitoringStore
{
    private const string WindowColumns = """
        id AS Id, endpoint AS Endpoint, model AS Model, version AS Version, started_at AS StartedAt, ended_at AS EndedAt, rows AS Rows,
        verdict AS Verdict, streak AS Streak, profile_json AS ProfileJson, report_json AS ReportJson
        """;

    public async Task<MonitoringSettings?> GetSettingsAsync(string endpoint, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<SettingsRow>(new CommandDefinition(
            """
            SELECT enabled AS Enabled, window_rows AS WindowRows, window_seconds AS WindowSeconds, consecutive AS Consecutive,
                thresholds_json AS ThresholdsJson, updated_at AS UpdatedAt, updated_by AS UpdatedBy
            FROM endpoint_monitoring WHERE endpoint = @endpoint
            """,
            new { endpoint },
            cancellationToken: ct));
        return row?.ToSettings();
    }

    public async Task<MonitoringSettings> SetSettingsAsync(string endpoint, MonitoringSettings settings, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Problem() is { } problem)
        {
            throw new RegistryValidationException(problem);
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await connections.OpenAsync(ct);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO endpoint_monitoring (endpoint, enabled, window_rows, window_seconds, consecutive, thresholds_json, updated_at, updated_by)
                VALUES (@endpoint, @enabled, @WindowRows, @seconds, @ConsecutiveWindows, @ThresholdsJson, @now, @actor)
                ON CONFLICT (endpoint) DO UPDATE SET enabled = excluded.enabled, window_rows = excluded.window_rows,
                    window_seconds = excluded.window_seconds, consecutive = excluded.consecutive, thresholds_json = excluded.thresholds_json,
                    updated_at = excluded.updated_at, updated_by = excluded.updated_by
                """,
                new
                {
                    endpoint, enabled = settings.Enabled ? 1 : 0, settings.WindowRows, seconds = (long?)settings.WindowDuration?.TotalSeconds,
                    settings.ConsecutiveWindows, settings.ThresholdsJson, now, actor,
                },
                cancellationToken: ct));
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (SqliteErrors.IsMissingReference(e))
        {
            throw new ResourceNotFoundException($"Endpoint '{endpoint}' not found.");
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (SqliteErrors.IsCheckFailure(e))
        {
            throw new RegistryValidationException("the drift thresholds must be JSON");
        }

        return (await GetSettingsAsync(endpoint, ct))!;
    }

    public async Task<IReadOnlyList<MonitoringWindow>> AddWindowsAsync(IReadOnlyList<MonitoringWindow> windows, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(windows);

        // Serialised before the transaction opens, so the write lock is held for the inserts alone.
        var rows = windows.Select(w => new
        {
            w.Endpoint, w.Model, w.Version, started = w.StartedAt.ToUnixTimeMilliseconds(), ended = w.EndedAt.ToUnixTimeMilliseconds(),
            w.Rows, verdict = DriftVerdicts.Name(w.Verdict), w.Streak,
            profile = JsonSerializer.Serialize(w.Profile, WindowJsonContext.Default.DataProfile),
            report = JsonSerializer.Serialize(w.Report, WindowJsonContext.Default.DriftReport),
        }).ToList();
        await using var connection = await connections.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var stored = new List<MonitoringWindow>(windows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO monitoring_windows (endpoint, model, version, started_at, ended_at, rows, verdict, streak, profile_json, report_json)
                VALUES (@Endpoint, @Model, @Version, @started, @ended, @Rows, @verdict, @Streak, @profile, @report)
                RETURNING id
                """,
                rows[i],
                transaction,
                cancellationToken: ct));
            stored.Add(windows[i] with
            {
                Id = id,
                StartedAt = DateTimeOffset.FromUnixTimeMilliseconds(rows[i].started),
                EndedAt = DateTimeOffset.FromUnixTimeMilliseconds(rows[i].ended),
            });
        }

        await transaction.CommitAsync(ct);
        return stored;
    }

    public async Task<IReadOnlyList<MonitoringWindow>> ListWindowsAsync(string endpoint, string? model, int? version, int limit, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var rows = await connection.QueryAsync<WindowRow>(new CommandDefinition(
            $"""
            SELECT {WindowColumns} FROM monitoring_windows
            WHERE endpoint = @endpoint {(model is null ? "" : "AND model = @model")} {(version is null ? "" : "AND version = @version")}
            ORDER BY id DESC LIMIT @limit
            """,
            new { endpoint, model, version, limit = Math.Clamp(limit, 1, 10_000) },
            cancellationToken: ct));
        return [.. rows.Select(r => r.ToWindow())];
    }

    public async Task<MonitoringWindow?> GetWindowAsync(string endpoint, long id, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<WindowRow>(new CommandDefinition(
            $"SELECT {WindowColumns} FROM monitoring_windows WHERE endpoint = @endpoint AND id = @id",
            new { endpoint, id },
            cancellationToken: ct));
        return row?.ToWindow();
    }

    public async Task<int> DeleteWindowsBeforeAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM monitoring_windows WHERE ended_at < @cutoff", new { cutoff = cutoff.ToUnixTimeMilliseconds() }, cancellationToken: ct));
    }

    private sealed record SettingsRow(long Enabled, long? WindowRows, long? WindowSeconds, long Consecutive, string ThresholdsJson, long UpdatedAt, string UpdatedBy)
    {
        public MonitoringSettings ToSettings() =>
            new(Enabled == 1, WindowRows, WindowSeconds is { } s ? TimeSpan.FromSeconds(s) : null, (int)Consecutive, ThresholdsJson)
            {
                UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt),
                UpdatedBy = UpdatedBy,
            };
    }

    private sealed record WindowRow(
        long Id, string Endpoint, string Model, long Version, long StartedAt, long EndedAt, long Rows, string Verdict, long Streak, string ProfileJson, string ReportJson)
    {
        public MonitoringWindow ToWindow() => new(
            Id, Endpoint, Model, (int)Version, DateTimeOffset.FromUnixTimeMilliseconds(StartedAt), DateTimeOffset.FromUnixTimeMilliseconds(EndedAt), Rows,
            DriftVerdicts.Parse(Verdict), (int)Streak,
            JsonSerializer.Deserialize(ProfileJson, WindowJsonContext.Default.DataProfile)!,
            JsonSerializer.Deserialize(ReportJson, WindowJsonContext.Default.DriftReport)!);
    }
}
