using System.Text;
using System.Text.Json;
using Modelplane.Governance.Audit;
using Modelplane.Testing.Text;

namespace Modelplane.Governance.Tests.Audit;

public sealed class AuditExportTests
{
    private const string Tricky = "endpoint \"churn\", v2\r\nnext line";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WriteCsvAsync_FieldsWithCommasQuotesAndNewlines_ParseBackUnchanged()
    {
        await using var store = await AuditStore.CreateAsync();
        var written = new[]
        {
            await store.AppendAsync(AuditStore.Entry(before: Tricky, after: "plain")),
            await store.AppendAsync(AuditStore.Entry(outcome: AuditOutcome.Started, status: null)),
        };
        using var output = new MemoryStream();

        await AuditExport.WriteCsvAsync(store.Log.ReadAllAsync(new AuditFilter("default"), Ct), output, Ct);

        var rows = Csv.Parse(Encoding.UTF8.GetString(output.ToArray()));
        Assert.Equal(AuditExport.Fields, rows[0]);
        Assert.Equal(3, rows.Count);
        Assert.Equal(AuditExport.Values(written[0]).Select(v => v ?? ""), rows[1]);
        Assert.Equal(AuditExport.Values(written[1]).Select(v => v ?? ""), rows[2]);
        Assert.Equal(Tricky, rows[1][8]);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\",\"x\")")]
    [InlineData("+1+cmd|' /C calc'!A0")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1)")]
    public async Task WriteCsvAsync_FormulaLikeField_IsNeutralised(string formula)
    {
        await using var store = await AuditStore.CreateAsync();
        await store.AppendAsync(AuditStore.Entry(before: formula));
        using var output = new MemoryStream();

        await AuditExport.WriteCsvAsync(store.Log.ReadAllAsync(new AuditFilter("default"), Ct), output, Ct);

        Assert.Equal("'" + formula, Csv.Parse(Encoding.UTF8.GetString(output.ToArray()))[1][8]);
    }

    [Fact]
    public async Task WriteJsonLinesAsync_Records_WritesOneObjectPerLineInChainOrder()
    {
        await using var store = await AuditStore.CreateAsync();
        var first = await store.AppendAsync(AuditStore.Entry(before: Tricky));
        var second = await store.AppendAsync(AuditStore.Entry(outcome: AuditOutcome.Denied, status: 403));
        using var output = new MemoryStream();

        await AuditExport.WriteJsonLinesAsync(store.Log.ReadAllAsync(new AuditFilter("default"), Ct), output, Ct);

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var one = JsonDocument.Parse(lines[0]);
        using var two = JsonDocument.Parse(lines[1]);
        Assert.Equal(1, one.RootElement.GetProperty("seq").GetInt64());
        Assert.Equal(Tricky, one.RootElement.GetProperty("before").GetString());
        Assert.Equal(first.Hash, one.RootElement.GetProperty("hash").GetString());
        Assert.Equal(JsonValueKind.Null, one.RootElement.GetProperty("after").ValueKind);
        Assert.Equal("denied", two.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(403, two.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(second.PrevHash, two.RootElement.GetProperty("prev_hash").GetString());
        Assert.Equal("2025-03-01T12:00:00.000Z", two.RootElement.GetProperty("time").GetString());
    }
}
