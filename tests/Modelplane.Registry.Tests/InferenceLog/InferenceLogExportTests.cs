using System.Text;
using Modelplane.Registry.InferenceLog;
using Parquet;
using Parquet.Schema;
using Modelplane.Testing.Text;
using static Modelplane.Registry.Tests.InferenceLog.InferenceLogTestData;

namespace Modelplane.Registry.Tests.InferenceLog;

public sealed class InferenceLogExportTests
{
    private const string Tricky = "{\"text\":\"a, \\\"quoted\\\" word\r\nnext line\"}";

    [Fact]
    public async Task WriteCsvAsync_CommasQuotesAndNewlines_ParseBackUnchanged()
    {
        var rows = new[] { Record("r1", 1, inputs: Tricky, caller: null), Record("r,2", 2, outputs: null, route: "fallback") };
        using var output = new MemoryStream();

        await InferenceLogExport.WriteCsvAsync(rows, output, Ct);

        var parsed = Csv.Parse(Encoding.UTF8.GetString(output.ToArray()));
        Assert.Equal(3, parsed.Count);
        Assert.Equal(InferenceLogExport.Fields, parsed[0]);
        Assert.Equal(["r1", "2025-03-01T12:00:01.000Z", "churn", "churn-model", "1", Tricky, """{"p":[0.25]}""", "3.5", "200", "split", ""], parsed[1]);
        Assert.Equal("r,2", parsed[2][0]);
        Assert.Equal("", parsed[2][6]);
        Assert.Equal("fallback", parsed[2][9]);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\",\"x\")")]
    [InlineData("+1+cmd|' /C calc'!A0")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1)")]
    public async Task WriteCsvAsync_FormulaLikeCell_IsNeutralised(string formula)
    {
        using var output = new MemoryStream();

        await InferenceLogExport.WriteCsvAsync([Record(formula, caller: formula)], output, Ct);

        var row = Csv.Parse(Encoding.UTF8.GetString(output.ToArray()))[1];
        Assert.Equal("'" + formula, row[0]);
        Assert.Equal("'" + formula, row[10]);
    }

    [Fact]
    public async Task WriteParquetAsync_Rows_ReadBackWithParquetNet()
    {
        var rows = Enumerable.Range(0, 250)
            .Select(i => Record($"r{i}", i, version: 1 + (i % 3), outputs: i % 2 == 0 ? null : $"[{i}]", caller: i % 5 == 0 ? null : "bob"))
            .ToArray();
        using var output = new MemoryStream();

        await InferenceLogExport.WriteParquetAsync(rows, output, Ct);

        output.Position = 0;
        await using var reader = await ParquetReader.CreateAsync(output, cancellationToken: Ct);
        Assert.Equal(1, reader.RowGroupCount);
        Assert.Equal(InferenceLogExport.Fields, reader.Schema.GetDataFields().Select(f => f.Name));
        using var group = reader.OpenRowGroupReader(0);
        Assert.Equal(250, group.RowCount);
        var fields = reader.Schema.GetDataFields();
        var requestIds = new string?[250];
        await group.ReadAsync(fields[0], requestIds.AsMemory(), cancellationToken: Ct);
        var at = new DateTime[250];
        await group.ReadAsync(fields[1], at.AsMemory(), cancellationToken: Ct);
        var versions = new int[250];
        await group.ReadAsync(fields[4], versions.AsMemory(), cancellationToken: Ct);
        var outputs = new string?[250];
        await group.ReadAsync(fields[6], outputs.AsMemory(), cancellationToken: Ct);
        var latency = new double[250];
        await group.ReadAsync(fields[7], latency.AsMemory(), cancellationToken: Ct);
        var callers = new string?[250];
        await group.ReadAsync(fields[10], callers.AsMemory(), cancellationToken: Ct);

        Assert.Equal("r7", requestIds[7]);
        Assert.Equal(T0.AddSeconds(7).UtcDateTime, at[7]);
        Assert.IsType<DateTimeDataField>(fields[1]);
        Assert.Equal(2, versions[7]);
        Assert.Null(outputs[6]);
        Assert.Equal("[7]", outputs[7]);
        Assert.Equal(3.5, latency[249]);
        Assert.Null(callers[10]);
        Assert.Equal("bob", callers[11]);
    }
}
