using System.Security.Cryptography;
using Modelplane.Governance.Signing;
using Modelplane.Registry.Models;

namespace Modelplane.Governance.Tests.Signing;

public sealed class ArtifactSignatureVerifierTests
{
    private static readonly string Digest = Convert.ToHexStringLower(SHA256.HashData("artifact"u8));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task VerifyAsync_RegisteredKeyValidSignature_ReturnsSignatureWithFingerprint()
    {
        using var scope = await ControlDatabaseScope.CreateAsync();
        var (pem, publicKey) = ArtifactSigning.CreateKeyPair();
        await scope.Keys().AddAsync("default", "release", publicKey, "alice", Ct);

        var signature = await scope.Verifier().VerifyAsync("default", "release", Digest, ArtifactSigning.Sign(pem, Digest), Ct);

        Assert.Equal(("release", ArtifactSigning.Fingerprint(publicKey)), (signature.Key, signature.Fingerprint));
    }

    [Fact]
    public async Task VerifyAsync_TamperedDigest_RejectedNamingTheKey()
    {
        using var scope = await ControlDatabaseScope.CreateAsync();
        var (pem, publicKey) = ArtifactSigning.CreateKeyPair();
        await scope.Keys().AddAsync("default", "release", publicKey, "alice", Ct);
        var other = Convert.ToHexStringLower(SHA256.HashData("other"u8));

        var ex = await Assert.ThrowsAsync<SignatureRejectedException>(
            () => scope.Verifier().VerifyAsync("default", "release", other, ArtifactSigning.Sign(pem, Digest), Ct));

        Assert.StartsWith("The signature does not verify with signing key 'release'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_KeyOfAnotherWorkspace_RejectedAsNotRegistered()
    {
        using var scope = await ControlDatabaseScope.CreateAsync();
        var (pem, publicKey) = ArtifactSigning.CreateKeyPair();
        await scope.Keys().AddAsync("team-a", "release", publicKey, "alice", Ct);

        var ex = await Assert.ThrowsAsync<SignatureRejectedException>(
            () => scope.Verifier().VerifyAsync("default", "release", Digest, ArtifactSigning.Sign(pem, Digest), Ct));

        Assert.StartsWith("Signing key 'release' is not registered in workspace 'default'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_RevokedKey_Rejected()
    {
        using var scope = await ControlDatabaseScope.CreateAsync();
        var (pem, publicKey) = ArtifactSigning.CreateKeyPair();
        await scope.Keys().AddAsync("default", "release", publicKey, "alice", Ct);
        await scope.Keys().RevokeAsync("default", "release", "bob", Ct);

        var ex = await Assert.ThrowsAsync<SignatureRejectedException>(
            () => scope.Verifier().VerifyAsync("default", "release", Digest, ArtifactSigning.Sign(pem, Digest), Ct));

        Assert.Equal("Signing key 'release' was revoked; its signatures are not accepted.", ex.Message);
    }

    [Fact]
    public async Task TrustedSignersAsync_ValidRevokedAndForged_OnlyTheLiveValidKey()
    {
        using var scope = await ControlDatabaseScope.CreateAsync();
        var keys = scope.Keys();
        var (livePem, livePublic) = ArtifactSigning.CreateKeyPair();
        var (revokedPem, revokedPublic) = ArtifactSigning.CreateKeyPair();
        var (_, forgedPublic) = ArtifactSigning.CreateKeyPair();
        await keys.AddAsync("default", "live", livePublic, "alice", Ct);
        await keys.AddAsync("default", "old", revokedPublic, "alice", Ct);
        await keys.AddAsync("default", "forged", forgedPublic, "alice", Ct);
        await keys.RevokeAsync("default", "old", "alice", Ct);
        var at = scope.Time.GetUtcNow();
        VersionSignature[] signatures =
        [
            new("live", ArtifactSigning.Fingerprint(livePublic), ArtifactSigning.Sign(livePem, Digest), at),
            new("old", ArtifactSigning.Fingerprint(revokedPublic), ArtifactSigning.Sign(revokedPem, Digest), at),
            new("forged", ArtifactSigning.Fingerprint(forgedPublic), ArtifactSigning.Sign(livePem, Digest), at),
        ];

        var trusted = await scope.Verifier().TrustedSignersAsync("default", Digest, signatures, Ct);

        Assert.Equal(["live"], trusted);
    }

    [Fact]
    public async Task AddAsync_NameTakenByRevokedKey_Throws()
    {
        using var scope = await ControlDatabaseScope.CreateAsync();
        var keys = scope.Keys();
        await keys.AddAsync("default", "release", ArtifactSigning.CreateKeyPair().PublicKey, "alice", Ct);
        await keys.RevokeAsync("default", "release", "alice", Ct);

        var ex = await Assert.ThrowsAsync<SigningKeyExistsException>(
            () => keys.AddAsync("default", "release", ArtifactSigning.CreateKeyPair().PublicKey, "alice", Ct));

        Assert.Equal("Signing key 'release' already exists in workspace 'default'; choose another name.", ex.Message);
    }
}
