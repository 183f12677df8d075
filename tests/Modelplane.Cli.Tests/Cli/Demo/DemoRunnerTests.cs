using Modelplane.Cli.Demo;

namespace Modelplane.Cli.Tests.Cli.Demo;

public sealed class DemoRunnerTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://0.0.0.0:9000", "http://127.0.0.1:9000/")]
    [InlineData("http://[::]:9000", "http://127.0.0.1:9000/")]
    [InlineData("http://+:7000;https://+:7001", "http://localhost:7000/")]
    [InlineData("http://*:7000", "http://localhost:7000/")]
    public void LocalUrl_ListenAddress_ReturnsAddressAClientCanReach(string listen, string expected)
    {
        Assert.Equal(new Uri(expected), DemoRunner.LocalUrl(listen));
    }

    [Fact]
    public void HostArguments_RelativeDataDirectory_PassesUrlsAndAbsoluteDirectory()
    {
        var args = ServerCommands.HostArguments("http://127.0.0.1:8080", "modelplane-data");

        Assert.Equal(["--urls=http://127.0.0.1:8080", $"--Modelplane:DataDirectory={Path.Combine(Environment.CurrentDirectory, "modelplane-data")}"], args);
    }

    [Fact]
    public void DemoHostArguments_Always_QuietensLoggingToWarnings()
    {
        var args = ServerCommands.DemoHostArguments("http://127.0.0.1:8080", "d");

        Assert.Equal("--Logging:LogLevel:Default=Warning", args[^1]);
        Assert.Equal("--urls=http://127.0.0.1:8080", args[0]);
    }
}
