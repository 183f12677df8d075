using Modelplane.Registry.Models;
using Modelplane.Registry.Tracking.Artifacts;

namespace Modelplane.Registry.Tests.Tracking.Artifacts;

public sealed class RunArtifactPathsTests
{
    [Theory]
    [InlineData("", "empty")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("..", "'..' segment")]
    [InlineData("a/../../b", "'..' segment")]
    [InlineData("a/./b", "'.' segment")]
    [InlineData("a//b", "empty segment")]
    [InlineData("a/", "empty segment")]
    [InlineData("a\\..\\b", "backslash")]
    [InlineData("a\0b", "control character")]
    [InlineData("a\nb", "control character")]
    public void Validate_BadPath_ThrowsNamingTheReason(string path, string reason)
    {
        var error = Assert.Throws<RegistryValidationException>(() => RunArtifactPaths.Validate(path));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ControlCharacter_IsNotEchoedInMessage()
    {
        var error = Assert.Throws<RegistryValidationException>(() => RunArtifactPaths.Validate("a\u001b[31mb"));

        Assert.DoesNotContain('\u001b', error.Message);
    }

    [Fact]
    public void Validate_PathOverMaxLength_Throws()
    {
        var path = string.Join('/', Enumerable.Repeat("abcdefghi", 103)); // 1029 characters

        var error = Assert.Throws<RegistryValidationException>(() => RunArtifactPaths.Validate(path));

        Assert.Contains("1024", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SegmentOverNameMax_Throws()
    {
        var error = Assert.Throws<RegistryValidationException>(() => RunArtifactPaths.Validate("a/" + new string('é', 128)));

        Assert.Contains("255 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NestedPath_ReturnsSegments()
    {
        Assert.Equal(["1", "0f3c", "artifacts", "model", "MLmodel"], RunArtifactPaths.Validate("1/0f3c/artifacts/model/MLmodel"));
    }

    [Fact]
    public void Validate_DotsInsideNames_AreAccepted()
    {
        Assert.Equal(["..a", "b..", ".hidden", "model.onnx"], RunArtifactPaths.Validate("..a/b../.hidden/model.onnx"));
    }

    [Fact]
    public void Validate_EmptyWithAllowRoot_ReturnsNoSegments()
    {
        Assert.Empty(RunArtifactPaths.Validate("", allowRoot: true));
    }

    [Theory]
    [InlineData("mlflow-artifacts:/1/abc/artifacts", "1/abc/artifacts")]
    [InlineData("mlflow-artifacts:///1/abc/artifacts/", "1/abc/artifacts")]
    [InlineData("mlflow-artifacts://host:5000/1/abc/artifacts", "1/abc/artifacts")]
    [InlineData("mlflow-artifacts:/7", "7")]
    public void FromUri_MlflowArtifactsUri_ReturnsStorePath(string uri, string expected)
    {
        Assert.Equal(expected, RunArtifactPaths.FromUri(uri));
    }

    [Theory]
    [InlineData("s3://bucket/1/abc/artifacts")]
    [InlineData("file:///etc")]
    [InlineData("runs:/abc/model")]
    public void FromUri_OtherScheme_ReturnsNull(string uri)
    {
        Assert.Null(RunArtifactPaths.FromUri(uri));
    }
}
