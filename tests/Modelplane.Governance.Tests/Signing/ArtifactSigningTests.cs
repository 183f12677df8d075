using System.Security.Cryptography;
using Modelplane.Governance.Signing;

namespace Modelplane.Governance.Tests.Signing;

public sealed class ArtifactSigningTests
{
    private static readonly string Digest = Convert.ToHexStringLower(SHA256.HashData("model bytes"u8));

    [Fact]
    public void Verify_OwnSignature_True()
    {
        var (pem, publicKey) = ArtifactSigning.CreateKeyPair();

        var signature = ArtifactSigning.Sign(pem, Digest);

        Assert.Equal(64, signature.Length);
        Assert.True(ArtifactSigning.Verify(publicKey, Digest, signature));
        Assert.True(ArtifactSigning.Verify(publicKey, "sha256:" + Digest.ToUpperInvariant(), signature));
    }

    [Fact]
    public void Verify_OtherDigest_False()
    {
        var (pem, publicKey) = ArtifactSigning.CreateKeyPair();
        var signature = ArtifactSigning.Sign(pem, Digest);
        var tampered = (Digest[0] == '0' ? "1" : "0") + Digest[1..];

        Assert.False(ArtifactSigning.Verify(publicKey, tampered, signature));
    }

    [Fact]
    public void Verify_FlippedSignatureBit_False()
    {
        var (pem, publicKey) = ArtifactSigning.CreateKeyPair();
        var signature = ArtifactSigning.Sign(pem, Digest);
        signature[10] ^= 0x01;

        Assert.False(ArtifactSigning.Verify(publicKey, Digest, signature));
    }

    [Fact]
    public void Verify_OtherKey_False()
    {
        var (pem, _) = ArtifactSigning.CreateKeyPair();
        var (_, otherPublic) = ArtifactSigning.CreateKeyPair();

        Assert.False(ArtifactSigning.Verify(otherPublic, Digest, ArtifactSigning.Sign(pem, Digest)));
    }

    [Fact]
    public void Message_Digest_IsVersionedPrefixPlusLowerHex() =>
        Assert.Equal("modelplane-artifact-v1:sha256:" + Digest, System.Text.Encoding.ASCII.GetString(ArtifactSigning.Message("sha256:" + Digest.ToUpperInvariant())));

    [Fact]
    public void PublicKeyOf_PrivateKeyPem_MatchesTheGeneratedPublicKey()
    {
        var (pem, publicKey) = ArtifactSigning.CreateKeyPair();

        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", pem, StringComparison.Ordinal);
        Assert.Equal(publicKey, ArtifactSigning.PublicKeyOf(pem));
        Assert.Equal(32, ArtifactSigning.Fingerprint(publicKey).Length);
    }

    [Fact]
    public void Sign_NotAKey_ThrowsFormatException() =>
        Assert.Throws<FormatException>(() => ArtifactSigning.Sign("hello", Digest));
}
