using Modelplane.Cli.Demo;

namespace Modelplane.Cli.Tests.Cli.Demo;

public sealed class CurlExampleTests
{
    [Fact]
    public void Build_Request_PostsJsonToInferUrl()
    {
        var curl = CurlExample.Build(new Uri("http://127.0.0.1:8080/"), "breast-cancer", """{"inputs":[]}""");

        Assert.Equal("""curl -s -H 'Content-Type: application/json' -d '{"inputs":[]}' http://127.0.0.1:8080/v2/models/breast-cancer/infer""", curl);
    }

    [Fact]
    public void Build_SingleQuoteInJson_EscapesForPosixShell()
    {
        var curl = CurlExample.Build(new Uri("http://h:1"), "m", """{"a":"it's"}""");

        Assert.Contains("""-d '{"a":"it'\''s"}'""", curl, StringComparison.Ordinal);
    }
}
