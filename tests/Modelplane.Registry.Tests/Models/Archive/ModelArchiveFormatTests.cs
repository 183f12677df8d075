using Modelplane.Registry.Models.Archive;

namespace Modelplane.Registry.Tests.Models.Archive;

public sealed class ModelArchiveFormatTests
{
    [Theory]
    [InlineData("manifest.json")]
    [InlineData("cards/3.md")]
    [InlineData("blobs/sha256/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void IsSafeEntryName_PlainRelativePath_ReturnsTrue(string name)
    {
        Assert.True(ModelArchiveFormat.IsSafeEntryName(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../x")]
    [InlineData("blobs/../../x")]
    [InlineData("blobs/./x")]
    [InlineData("blobs//x")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/x")]
    [InlineData("blobs\\..\\x")]
    [InlineData("cards/1.md\n")]
    public void IsSafeEntryName_AbsoluteOrTraversingOrOdd_ReturnsFalse(string name)
    {
        Assert.False(ModelArchiveFormat.IsSafeEntryName(name));
    }

    [Fact]
    public void EntryNames_VersionAndDigest_FollowTheLayout()
    {
        var digest = new string('a', 64);

        Assert.Equal(("cards/12.md", "blobs/sha256/" + digest), (ModelArchiveFormat.CardEntry(12), ModelArchiveFormat.BlobEntry(digest)));
    }
}
