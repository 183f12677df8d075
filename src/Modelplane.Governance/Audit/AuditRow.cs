using Microsoft.Data.Sqlite;

namespace Modelplane.Governance.Audit;

/// <summary>A record as stored, before any interpretation, so verification sees exactly what the database holds.</summary>
internal sealed record AuditRow(
    string Workspace,
    long Seq,
    long TimeMs,
    string Actor,
    string Action,
    string Target,
    string Outcome,
    int? Status,
    string? Before,
    string? After,
    string? ClientAddress,
    string? RequestId,
    byte[] PrevHash,
    byte[] Hash)
{
    /// <summary>Reads the row at the reader's position; columns in <see cref="AuditLog.Columns"/> order.</summary>
    public static AuditRow Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt64(1),
        reader.GetInt64(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetInt32(7),
        reader.IsDBNull(8) ? null : reader.GetString(8),
        reader.IsDBNull(9) ? null : reader.GetString(9),
        reader.IsDBNull(10) ? null : reader.GetString(10),
        reader.IsDBNull(11) ? null : reader.GetString(11),
        (byte[])reader.GetValue(12),
        (byte[])reader.GetValue(13));

    /// <summary>The hash this row should carry, or null when its outcome is not one the log writes.</summary>
    public byte[]? Recompute() =>
        AuditOutcomes.TryParse(Outcome, out var outcome) && PrevHash.Length == AuditHash.Size
            ? AuditHash.Compute(Workspace, Seq, TimeMs, Actor, Action, Target, outcome, Status, Before, After, ClientAddress, RequestId, PrevHash)
            : null;

    public AuditRecord ToRecord()
    {
        // An outcome the log never writes can only come from tampering; show it as failed here, verify names it.
        var outcome = AuditOutcomes.TryParse(Outcome, out var parsed) ? parsed : AuditOutcome.Failed;
        return new AuditRecord(
            Seq, DateTimeOffset.FromUnixTimeMilliseconds(TimeMs), Workspace, Actor, Action, Target, outcome, Status,
            Before, After, ClientAddress, RequestId, AuditHash.Hex(PrevHash), AuditHash.Hex(Hash));
    }
}
