namespace Modelplane.Governance.Audit;

internal sealed partial class AuditLog
{
    /// <summary>
    /// Recomputes every hash of <paramref name="workspace"/>'s chain in seq order and reports the first broken link:
    /// a missing seq, a prev_hash that is not the previous record's hash, or a record whose contents no longer match
    /// its hash.
    /// </summary>
    /// <remarks>
    /// Removing the newest records leaves a shorter chain that still verifies; a head seen earlier and kept elsewhere
    /// (<paramref name="witnessed"/>) shows it: that record must still be there with the same hash.
    /// </remarks>
    public async Task<AuditVerification> VerifyAsync(string workspace, CancellationToken ct, AuditHead? witnessed = null)
    {
        long expectedSeq = 1;
        var prevHash = AuditHash.Genesis;
        await foreach (var row in ReadRowsAsync(new AuditFilter(workspace), ascending: true, belowSeq: null, limit: null, ct).ConfigureAwait(false))
        {
            var checkedSoFar = expectedSeq - 1;
            if (row.Seq != expectedSeq)
            {
                var missing = row.Seq == expectedSeq + 1 ? $"record {expectedSeq} is missing" : $"records {expectedSeq} to {row.Seq - 1} are missing";
                return Broken(checkedSoFar, expectedSeq, $"{missing}: the chain jumps from record {expectedSeq - 1} to record {row.Seq} (deleted?).");
            }

            if (!row.PrevHash.AsSpan().SequenceEqual(prevHash))
            {
                return Broken(checkedSoFar, row.Seq, expectedSeq == 1
                    ? $"record 1 should start the chain (prev_hash of zeros) but holds prev_hash {AuditHash.Hex(row.PrevHash)}."
                    : $"record {row.Seq}'s prev_hash {AuditHash.Hex(row.PrevHash)} is not record {row.Seq - 1}'s hash {AuditHash.Hex(prevHash)}.");
            }

            var recomputed = row.Recompute();
            if (recomputed is null)
            {
                return Broken(checkedSoFar, row.Seq, $"record {row.Seq} has outcome '{row.Outcome}', which the log never writes (edited?).");
            }

            if (!recomputed.AsSpan().SequenceEqual(row.Hash))
            {
                return Broken(checkedSoFar, row.Seq,
                    $"record {row.Seq} was changed after it was written: its contents hash to {AuditHash.Hex(recomputed)} but it stores {AuditHash.Hex(row.Hash)}.");
            }

            if (witnessed is not null && row.Seq == witnessed.Seq && AuditHash.Hex(row.Hash) != witnessed.Hash)
            {
                return Broken(expectedSeq - 1, row.Seq,
                    $"record {row.Seq} hashes to {AuditHash.Hex(row.Hash)}, not {witnessed.Hash} as witnessed: the chain was rewritten from there on.");
            }

            prevHash = row.Hash;
            expectedSeq++;
        }

        var records = expectedSeq - 1;
        if (witnessed is not null && witnessed.Seq > records)
        {
            return Broken(records, records + 1,
                $"the chain ends at record {records} but record {witnessed.Seq} was witnessed: records {records + 1} to {witnessed.Seq} were removed.");
        }

        return new AuditVerification(true, records, null, null) { HeadHash = records == 0 ? null : AuditHash.Hex(prevHash) };
    }

    private static AuditVerification Broken(long checkedSoFar, long seq, string problem) => new(false, checkedSoFar, seq, problem);
}
