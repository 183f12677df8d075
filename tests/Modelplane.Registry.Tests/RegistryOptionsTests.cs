using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Modelplane.Registry.Tests;

public sealed class RegistryOptionsTests
{
    [Fact]
    public void Ctor_Defaults()
    {
        var options = new RegistryOptions();

        Assert.Equal(("./modelplane-data", 2L * 1024 * 1024 * 1024), (options.DataDirectory, options.MaxUploadBytes));
    }

    [Fact]
    public void InvalidOptions_ReportsAllErrors()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Modelplane:DataDirectory"] = "",
                ["Modelplane:MaxUploadBytes"] = "0",
            })
            .Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddModelplaneRegistry()
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<RegistryOptions>>().Value);

        Assert.Equal(2, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.Contains(nameof(RegistryOptions.DataDirectory), StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains(nameof(RegistryOptions.MaxUploadBytes), StringComparison.Ordinal));
    }
}
