using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Modelplane.Registry.Artifacts;

namespace Modelplane.Registry.Tests.Artifacts;

public sealed class ArtifactCollectionOptionsTests
{
    [Fact]
    public void Ctor_Defaults()
    {
        var options = new ArtifactCollectionOptions();

        Assert.Equal((TimeSpan.FromHours(1), TimeSpan.FromHours(1)), (options.GracePeriod, options.Interval));
    }

    [Fact]
    public void InvalidOptions_ReportsAllErrors()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Modelplane:ArtifactCollection:GracePeriod"] = "-00:00:01",
                ["Modelplane:ArtifactCollection:Interval"] = "00:00:00",
            })
            .Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddModelplaneRegistry()
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ArtifactCollectionOptions>>().Value);

        Assert.Equal(2, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.Contains(nameof(ArtifactCollectionOptions.GracePeriod), StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains(nameof(ArtifactCollectionOptions.Interval), StringComparison.Ordinal));
    }
}
