using Modelplane.Registry.Formats.MlNet;
using Modelplane.Registry.Onnx;

namespace Modelplane.Registry.Tests.Formats.MlNet;

public sealed class MlNetZipCheckTests
{
    private static string Refusal(byte[] zip, long maxBytes = MlNetZipCheck.MaxUncompressedBytes)
    {
        using var stream = new MemoryStream(zip);
        return Assert.Throws<InvalidModelException>(() => MlNetZipCheck.Check(stream, MlNetZipCheck.MaxEntries, maxBytes)).Message;
    }

    [Fact]
    public void Check_BundledModel_Accepts()
    {
        using var stream = new MemoryStream(TestZips.BreastCancer());

        MlNetZipCheck.Check(stream);
    }

    [Theory]
    [InlineData("../evil.txt")]
    [InlineData("TransformerChain/../../evil.txt")]
    [InlineData("/etc/evil")]
    [InlineData("..\\evil.txt")]
    public void Check_EntryEscapingTheArchive_Refuses(string name)
    {
        var message = Refusal(TestZips.BreastCancerWith(name));

        Assert.Equal($"The artifact is not an ML.NET model: the zip entry '{name}' has an absolute path or a '..' segment.", message);
    }

    [Fact]
    public void Check_MoreEntriesThanTheLimit_Refuses()
    {
        var names = Enumerable.Range(0, MlNetZipCheck.MaxEntries + 1).Select(i => $"e/{i}").Append("TransformerChain/Model.key");

        var message = Refusal(TestZips.Build(names, entrySize: 0));

        Assert.Equal($"The artifact is not an ML.NET model: the zip has {MlNetZipCheck.MaxEntries + 2} entries, more than the limit of 10000.", message);
    }

    [Fact]
    public void Check_EntriesExpandingPastTheLimit_Refuses()
    {
        // The same check guards the 1 GiB default; a 1 MB limit keeps the test small. 3 MB of zeros compress to a few KB.
        var zip = TestZips.Build(["TransformerChain/Model.key", "a", "b"], entrySize: 1_500_000);

        var message = Refusal(zip, maxBytes: 1_000_000);

        Assert.Equal("The artifact is not an ML.NET model: its entries expand to more than 1000000 bytes.", message);
    }

}
