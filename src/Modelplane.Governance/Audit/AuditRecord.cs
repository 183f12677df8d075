namespace Modelplane.Governance.Audit;

/// <summary>One stored audit record: an <see cref="AuditEntry"/> with its place in the workspace's hash chain.</summary>
/// <param name="Seq">Position in the workspace's chain, counting from 1 without gaps.</param>
/// <param name="Time">When the record was written (millisecond precision).</param>
/// <param name="Workspace">The workspace whose chain holds the record.</param>
/// <param name="Actor">Who acted.</param>
/// <param name="Action">What was done.</param>
/// <param name="Target">What it was done to.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Status">The HTTP status answered, when there was one.</param>
/// <param name="Before">Summary before the change, when known.</param>
/// <param name="After">Summary after the change, when known.</param>
/// <param name="ClientAddress">The caller's IP address.</param>
/// <param name="RequestId">The request id.</param>
/// <param name="PrevHash">The previous record's hash (64 zeros for seq 1), lowercase hex.</param>
/// <param name="Hash">SHA-256 of this record's canonical encoding, lowercase hex.</param>
public sealed record AuditRecord(
    long Seq,
    DateTimeOffset Time,
    string Workspace,
    string Actor,
    string Action,
    string Target,
    AuditOutcome Outcome,
    int? Status,
    string? Before,
    string? After,
    string? ClientAddress,
    string? RequestId,
    string PrevHash,
    string Hash);

/// <summary>Which records to read from one workspace's chain; null fields do not filter.</summary>
/// <param name="Workspace">The workspace (always required: a caller never reads another workspace's records).</param>
/// <param name="Actor">Exact actor name.</param>
/// <param name="Target">A substring of the target, e.g. <c>/endpoints/churn</c>.</param>
/// <param name="Action">Exact action, e.g. <c>CreateEndpoint</c>.</param>
/// <param name="Outcome">Only records with this outcome.</param>
/// <param name="Since">Records written at or after this time.</param>
/// <param name="Until">Records written before this time.</param>
public sealed record AuditFilter(
    string Workspace,
    string? Actor = null,
    string? Target = null,
    string? Action = null,
    AuditOutcome? Outcome = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null);

/// <summary>A page of records, newest first.</summary>
/// <param name="Records">The records.</param>
/// <param name="NextPageToken">Pass back for the next (older) page; null on the last page.</param>
public sealed record AuditPage(IReadOnlyList<AuditRecord> Records, string? NextPageToken);

/// <summary>The result of recomputing a workspace's chain.</summary>
/// <param name="Ok">True when every record's hash and link checked out.</param>
/// <param name="RecordsChecked">How many records were checked and found intact (all of them when <paramref name="Ok"/>).</param>
/// <param name="BrokenAt">The seq of the first broken link, when not ok.</param>
/// <param name="Problem">What is wrong there, in words, when not ok.</param>
public sealed record AuditVerification(bool Ok, long RecordsChecked, long? BrokenAt, string? Problem)
{
    /// <summary>
    /// The newest record's hash (hex) when ok. Kept outside the server with <see cref="RecordsChecked"/> (a witness), it
    /// lets a later verification detect that newest records were removed, which the chain alone cannot show.
    /// </summary>
    public string? HeadHash { get; init; }
}

/// <summary>A chain head seen earlier and kept outside the server: <c>SEQ:HASH</c>, e.g. <c>42:9f86d0…</c>.</summary>
public sealed record AuditHead(long Seq, string Hash)
{
    /// <summary>Parses <c>SEQ:HASH</c> (64 hex digits).</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AuditHead? head)
    {
        head = null;
        var parts = text?.Split(':') ?? [];
        if (parts.Length != 2 || !long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seq)
            || seq < 1 || parts[1].Length != 64 || !parts[1].All(char.IsAsciiHexDigit))
        {
            return false;
        }

        head = new AuditHead(seq, parts[1].ToLowerInvariant());
        return true;
    }

    public override string ToString() => $"{Seq}:{Hash}";
}

/// <summary>The wire names of <see cref="AuditOutcome"/> values (lowercase), as stored and as the API takes them.</summary>
public static class AuditOutcomes
{
    /// <summary>The lowercase name of <paramref name="outcome"/>.</summary>
    public static string Name(AuditOutcome outcome) => outcome switch
    {
        AuditOutcome.Started => "started",
        AuditOutcome.Succeeded => "succeeded",
        AuditOutcome.Failed => "failed",
        AuditOutcome.Denied => "denied",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown audit outcome."),
    };

    /// <summary>Parses a lowercase outcome name; false for anything else.</summary>
    public static bool TryParse(string? name, out AuditOutcome outcome)
    {
        foreach (var candidate in Enum.GetValues<AuditOutcome>())
        {
            if (string.Equals(Name(candidate), name, StringComparison.Ordinal))
            {
                outcome = candidate;
                return true;
            }
        }

        outcome = default;
        return false;
    }
}
