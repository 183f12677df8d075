using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Modelplane.Serving.Tests;

public sealed class ServingOptionsTests
{
    [Fact]
    public void Ctor_Defaults()
    {
        var options = new ServingOptions();

        Assert.Equal(32L * 1024 * 1024, options.MaxRequestBytes);
        Assert.Equal(16_777_216L, options.MaxTensorElements);
        Assert.Equal(32, options.MaxJsonDepth);
        Assert.Equal(1, options.IntraOpThreads);
        Assert.Equal(1, options.InterOpThreads);
        Assert.Equal(0, options.MemoryBudgetBytes);
    }

    [Fact]
    public void InvalidOptions_ReportsAllErrors()
    {
        var options = new ServingOptions { MaxRequestBytes = 0, MaxTensorElements = 0, MaxJsonDepth = 1, IntraOpThreads = -1, InterOpThreads = -1, MemoryBudgetBytes = -1 };
        var results = new List<ValidationResult>();

        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        Assert.Equal(
            ["InterOpThreads", "IntraOpThreads", "MaxJsonDepth", "MaxRequestBytes", "MaxTensorElements", "MemoryBudgetBytes"],
            results.SelectMany(r => r.MemberNames).Order());
    }

    [Fact]
    public void AddModelServing_BindsSectionAndRegistersFactory()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Modelplane:Serving:MaxTensorElements"] = "1000" })
            .Build();
        using var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddModelServing().BuildServiceProvider();

        Assert.Equal(1000, provider.GetRequiredService<IOptions<ServingOptions>>().Value.MaxTensorElements);
        Assert.Same(provider.GetRequiredService<ModelRunnerFactory>(), provider.GetRequiredService<ModelRunnerFactory>());
    }
}
