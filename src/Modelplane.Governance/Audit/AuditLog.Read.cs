using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Modelplane.Governance.Audit;

internal sealed partial class AuditLog
{
    /// <summary>One page of <paramref name="filter"/>'s records, newest first.</summary>
    /// <param name="filter">Which records.</param>
    /// <param name="limit">Page size, 1 to <see cref="MaxLimit"/>.</param>
    /// <param name="pageToken">The previous page's <see cref="AuditPage.NextPageToken"/>, or null for the first page.</param>
    /// <param name="ct">Cancels the read.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is out of range.</exception>
    /// <exception cref="FormatException"><paramref name="pageToken"/> is not one this log gave out.</exception>
    public async Task<AuditPage> QueryAsync(AuditFilter filter, int limit, string? pageToken, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        long? belowSeq = pageToken is null ? null : ParsePageToken(pageToken);

        var records = new List<AuditRecord>(Math.Min(limit, DefaultLimit));
        await foreach (var row in ReadRowsAsync(filter, ascending: false, belowSeq, limit + 1, ct).ConfigureAwait(false))
        {
            records.Add(row.ToRecord());
        }

        if (records.Count <= limit)
        {
            return new AuditPage(records, null);
        }

        records.RemoveAt(limit);
        return new AuditPage(records, records[^1].Seq.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Every record of <paramref name="filter"/> oldest first (chain order), streamed from the database.</summary>
    public async IAsyncEnumerable<AuditRecord> ReadAllAsync(AuditFilter filter, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var row in ReadRowsAsync(filter, ascending: true, belowSeq: null, limit: null, ct).ConfigureAwait(false))
        {
            yield return row.ToRecord();
        }
    }

    /// <summary>True when <paramref name="pageToken"/> is one <see cref="QueryAsync"/> could have given out.</summary>
    public static bool IsValidPageToken(string pageToken) =>
        long.TryParse(pageToken, NumberStyles.None, CultureInfo.InvariantCulture, out var seq) && seq >= 1;

    private static long ParsePageToken(string pageToken) =>
        IsValidPageToken(pageToken)
            ? long.Parse(pageToken, NumberStyles.None, CultureInfo.InvariantCulture)
            : throw new FormatException($"page_token '{pageToken}' is not a token this server gave out.");

    internal async IAsyncEnumerable<AuditRow> ReadRowsAsync(
        AuditFilter filter, bool ascending, long? belowSeq, int? limit, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentException.ThrowIfNullOrEmpty(filter.Workspace);
        var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var command = connection.CreateCommand();
            var sql = new StringBuilder($"SELECT {Columns} FROM audit_records WHERE workspace = $workspace");
            command.Parameters.AddWithValue("$workspace", filter.Workspace);
            Where(command, sql, "actor = $actor", "$actor", filter.Actor);
            Where(command, sql, "action = $action", "$action", filter.Action);
            // instr, not LIKE: a target holding % or _ must match literally.
            Where(command, sql, "instr(target, $target) > 0", "$target", filter.Target);
            Where(command, sql, "outcome = $outcome", "$outcome", filter.Outcome is { } o ? AuditOutcomes.Name(o) : null);
            Where(command, sql, "time >= $since", "$since", filter.Since?.ToUnixTimeMilliseconds());
            Where(command, sql, "time < $until", "$until", filter.Until?.ToUnixTimeMilliseconds());
            Where(command, sql, "seq < $below", "$below", belowSeq);
            sql.Append(ascending ? " ORDER BY seq ASC" : " ORDER BY seq DESC");
            if (limit is { } max)
            {
                sql.Append(" LIMIT $limit");
                command.Parameters.AddWithValue("$limit", max);
            }

            command.CommandText = sql.ToString();
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                yield return AuditRow.Read(reader);
            }
        }
    }

    private static void Where(SqliteCommand command, StringBuilder sql, string condition, string name, object? value)
    {
        if (value is null || value is string { Length: 0 })
        {
            return;
        }

        sql.Append(" AND ").Append(condition);
        command.Parameters.AddWithValue(name, value);
    }
}
