using System.ComponentModel.DataAnnotations;
using Modelplane.Server.Grpc;

namespace Modelplane.Server.Tests.Grpc;

public sealed class GrpcOptionsTests
{
    [Fact]
    public void Ctor_Defaults_ListensOnLoopback8081()
    {
        var options = new GrpcOptions();

        Assert.Equal("http://127.0.0.1:8081", options.Url);
        Assert.True(options.Enabled);
    }

    [Theory]
    [InlineData("")]
    [InlineData("http://0.0.0.0:9001")]
    [InlineData("https://localhost:8443")]
    public void Validate_EmptyOrOneHttpAddress_IsValid(string url)
    {
        Assert.Empty(Validate(new GrpcOptions { Url = url }));
    }

    [Theory]
    [InlineData("127.0.0.1:8081")]
    [InlineData("http://a:1;http://b:2")]
    [InlineData("ftp://127.0.0.1:8081")]
    public void InvalidOptions_ReportsTheUrl(string url)
    {
        var error = Assert.Single(Validate(new GrpcOptions { Url = url }));
        Assert.Contains("Modelplane:Grpc:Url must be one http:// or https:// address", error.ErrorMessage, StringComparison.Ordinal);
    }

    private static List<ValidationResult> Validate(GrpcOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
