using System.Security.Cryptography;
using System.Text;
using Modelplane.Serving.Monitoring;
using Modelplane.Serving.Monitoring.Profiles;
using Parquet;
using Parquet.Schema;

namespace Modelplane.Serving.Tests.Monitoring.Profiles;

public sealed class ProfileTableReaderTests
{
    private static readonly int[] Sevens = [7, 8, 9];
    private static readonly string[] Cities = ["Oslo", "Lima", "Oslo"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<ProfileTable> ReadCsv(string text, int maxRows = ProfileTableReader.MaxRows) =>
        ProfileTableReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), "csv", Ct, maxRows);

    [Fact]
    public async Task ReadAsync_Csv_HeaderNamesColumnsAndNumbersAreInvariant()
    {
        var table = await ReadCsv("a,b\n1.5,-2e3\n0.25,7\n");

        Assert.Equal(["a", "b"], table.Columns.Select(c => c.Name));
        Assert.Equal([1.5, 0.25], table.Columns[0].Numbers);
        Assert.Equal([-2000.0, 7.0], table.Columns[1].Numbers);
        Assert.Equal((2, 2L), (table.Rows, table.SourceRows));
    }

    [Fact]
    public async Task ReadAsync_NaNInfinityEmptyAndText_AreMissingNumbers()
    {
        var table = await ReadCsv("x\nNaN\ninf\n-Infinity\n\n\"\"\n3\nabc\n");

        var x = table.Columns[0];
        Assert.Equal(6, x.Count);
        Assert.Equal(1, x.Numbers.Count(double.IsFinite));
        Assert.Equal("abc", x.Text(5));
        Assert.Null(x.Text(0));
    }

    [Fact]
    public async Task ReadAsync_QuotedFields_KeepCommasQuotesAndLineBreaks()
    {
        var table = await ReadCsv("name,\"say \"\"hi\"\"\"\r\n\"a,b\",\"line\nbreak\"\r\n");

        Assert.Equal("say \"hi\"", table.Columns[1].Name);
        Assert.Equal("a,b", table.Columns[0].Text(0));
        Assert.Equal("line\nbreak", table.Columns[1].Text(0));
    }

    [Fact]
    public async Task ReadAsync_Csv_DigestIsSha256OfTheBytes()
    {
        var bytes = Encoding.UTF8.GetBytes("a\n1\n2\n");

        var table = await ProfileTableReader.ReadAsync(new MemoryStream(bytes), "csv", Ct);

        Assert.Equal($"sha256:{Convert.ToHexStringLower(SHA256.HashData(bytes))}", table.Digest);
    }

    [Fact]
    public async Task ReadAsync_MoreRowsThanTheCap_KeepsTheSameSampleEveryTime()
    {
        var csv = "v\n" + string.Join("\n", Enumerable.Range(0, 1000));

        var first = await ReadCsv(csv, maxRows: 50);
        var second = await ReadCsv(csv, maxRows: 50);

        Assert.Equal((50, 1000L), (first.Rows, first.SourceRows));
        Assert.Equal(first.Columns[0].Numbers, second.Columns[0].Numbers);
        Assert.Contains(first.Columns[0].Numbers, v => v >= 500);
    }

    [Fact]
    public async Task ReadAsync_EmptyFile_ThrowsSayingSo()
    {
        var ex = await Assert.ThrowsAsync<ProfileDataException>(() => ReadCsv(""));

        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_HeaderOnly_ThrowsNoRows()
    {
        var ex = await Assert.ThrowsAsync<ProfileDataException>(() => ReadCsv("a,b\n"));

        Assert.Contains("no rows", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_RowWithExtraField_ThrowsNamingTheLine()
    {
        var ex = await Assert.ThrowsAsync<ProfileDataException>(() => ReadCsv("a,b\n1,2\n1,2,3\n"));

        Assert.Equal("CSV line 3 has 3 fields; the header has 2.", ex.Message);
    }

    [Fact]
    public async Task ReadAsync_UnknownFormat_Throws()
    {
        var ex = await Assert.ThrowsAsync<ProfileDataException>(() => ProfileTableReader.ReadAsync(new MemoryStream([1]), "xlsx", Ct));

        Assert.Contains("use csv or parquet", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_Parquet_ReadsNumbersNullsBooleansAndText()
    {
        var bytes = await ParquetFile(Ct);

        var table = await ProfileTableReader.ReadAsync(new MemoryStream(bytes), "parquet", Ct);

        Assert.Equal(["x", "n", "flag", "city"], table.Columns.Select(c => c.Name));
        Assert.Equal(1.5, table.Columns[0].Numbers[0]);
        Assert.True(double.IsNaN(table.Columns[0].Numbers[1]));
        Assert.True(double.IsNaN(table.Columns[0].Numbers[2]));
        Assert.Equal([7.0, 8.0, 9.0], table.Columns[1].Numbers);
        Assert.Equal(["1", "0", null], Enumerable.Range(0, 3).Select(table.Columns[2].Text));
        Assert.Equal(["Oslo", "Lima", "Oslo"], Enumerable.Range(0, 3).Select(table.Columns[3].Text));
        Assert.Equal($"sha256:{Convert.ToHexStringLower(SHA256.HashData(bytes))}", table.Digest);
    }

    [Fact]
    public async Task ReadAsync_NotParquet_ThrowsSayingSo()
    {
        var ex = await Assert.ThrowsAsync<ProfileDataException>(
            () => ProfileTableReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes("a,b\n1,2\n")), "parquet", Ct));

        Assert.Contains("not a readable Parquet file", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("csv", null, "csv")]
    [InlineData(null, "text/csv; charset=utf-8", "csv")]
    [InlineData(null, "application/vnd.apache.parquet", "parquet")]
    [InlineData(null, "application/octet-stream", null)]
    public void FormatOf_QueryOrContentType_NamesTheFormat(string? name, string? contentType, string? expected)
    {
        Assert.Equal(expected, ProfileTableReader.FormatOf(name, contentType));
    }

    internal static async Task<byte[]> ParquetFile(CancellationToken ct)
    {
        var x = new DataField<double?>("x");
        var n = new DataField<int>("n");
        var flag = new DataField<bool?>("flag");
        var city = new DataField<string>("city");
        using var stream = new MemoryStream();
        var writer = await ParquetWriter.CreateAsync(new ParquetSchema(x, n, flag, city), stream, cancellationToken: ct);
        await using (writer)
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<double>(x, new double?[] { 1.5, null, double.NaN }, cancellationToken: ct);
            await group.WriteAsync<int>(n, Sevens, cancellationToken: ct);
            await group.WriteAsync<bool>(flag, new bool?[] { true, false, null }, cancellationToken: ct);
            await group.WriteAsync(city, Cities);
            group.CompleteValidate();
        }

        return stream.ToArray();
    }
}
