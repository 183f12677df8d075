using Modelplane.Cli.Demo;
using Modelplane.Cli.Tests.Fakes;
using Modelplane.Testing.FileSystem;

namespace Modelplane.Cli.Tests.Cli.Demo;

public sealed class DemoModelFilesTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Discover_ModelWithCompanions_ReadsDescriptionTagsMetricsAndFirstRow()
    {
        _temp.File("iris.onnx", [1, 2, 3]);
        _temp.File("iris.model.json", """{"description":"Iris MLP","metrics":{"accuracy":0.97,"note":"x"},"tags":{"dataset":"iris","rows":150}}""");
        _temp.File("iris.samples.json", """{"rows":[[5.1,3.5,1.4,0.2],[6,2,4,1]]}""");

        var model = Assert.Single(DemoModelFiles.Discover(_temp.Path, _ => { }));

        Assert.Equal(("iris", "Iris MLP"), (model.Name, model.Description));
        Assert.Equal(new Dictionary<string, double> { ["accuracy"] = 0.97 }, model.Metrics);
        Assert.Equal(new Dictionary<string, string> { ["dataset"] = "iris", ["rows"] = "150" }, model.Tags);
        Assert.Equal([5.1, 3.5, 1.4, 0.2], model.SampleRow!.Select(v => v.GetDouble()));
    }

    [Fact]
    public void Discover_OnlyOnnxFiles_ReturnsModelsSortedWithEmptyMetadata()
    {
        _temp.File("zeta.onnx", [1]);
        _temp.File("alpha.onnx", [2]);

        var models = DemoModelFiles.Discover(_temp.Path, _ => { });

        Assert.Equal(["alpha", "zeta"], models.Select(m => m.Name));
        Assert.All(models, m => Assert.True(m.Description is null && m.Tags.Count == 0 && m.Metrics.Count == 0 && m.SampleRow is null));
    }

    [Fact]
    public void Discover_BrokenCompanion_WarnsAndKeepsTheModel()
    {
        _temp.File("bc.onnx", [1]);
        _temp.File("bc.model.json", "{ not json");
        var warnings = new List<string>();

        var model = Assert.Single(DemoModelFiles.Discover(_temp.Path, warnings.Add));

        Assert.Null(model.Description);
        Assert.StartsWith("Ignoring bc.model.json: ", Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Discover_MissingDirectory_ReturnsNothing()
    {
        Assert.Empty(DemoModelFiles.Discover(Path.Combine(_temp.Path, "absent"), _ => { }));
    }
}
