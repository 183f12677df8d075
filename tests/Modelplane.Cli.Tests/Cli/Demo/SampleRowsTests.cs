using System.Text.Json;
using Modelplane.Cli.Demo;

namespace Modelplane.Cli.Tests.Cli.Demo;

public sealed class SampleRowsTests
{
    [Theory]
    [InlineData("[[1.5, 2, 3], [4, 5, 6]]")]
    [InlineData("""{"rows": [[1.5, 2, 3]], "labels": [1]}""")]
    [InlineData("""[{"features": [1.5, 2, 3], "label": 0}]""")]
    [InlineData("""{"samples": [{"Features": [1.5, 2, 3]}]}""")]
    [InlineData("""{"inputs": [{"name": "Features", "shape": [2, 3], "datatype": "FP32", "data": [1.5, 2, 3, 4, 5, 6]}]}""")]
    [InlineData("[1.5, 2, 3]")]
    public void FirstRow_KnownLayouts_ReturnsFirstRow(string json)
    {
        var row = SampleRows.FirstRow(JsonDocument.Parse(json).RootElement);

        Assert.NotNull(row);
        Assert.Equal([1.5, 2, 3], row.Select(v => v.GetDouble()));
    }

    [Theory]
    [InlineData("""{"note": "nothing here"}""")]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    public void FirstRow_NoRows_ReturnsNull(string json)
    {
        Assert.Null(SampleRows.FirstRow(JsonDocument.Parse(json).RootElement));
    }
}
