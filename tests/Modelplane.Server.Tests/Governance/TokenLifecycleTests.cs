using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Governance.Access;
using Modelplane.Governance.Identity;
using Modelplane.Governance.Workspaces;

namespace Modelplane.Server.Tests.Governance;

/// <summary>RELIABILITY.md T15: tokens stop working at revocation and expiry, wrong tokens are throttled, only hashes are stored.</summary>
public sealed class TokenLifecycleTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RevokeThroughApi_NextRequestIsRefused()
    {
        var (secret, id) = await CreateAsync("lifecycle-api", "viewer");
        using var viewer = app.CreateClient(secret);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/models", Ct)).StatusCode);

        using (var revoke = await app.CreateClient().DeleteAsync($"/api/v1/tokens/{id}", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        using var after = await viewer.GetAsync("/api/v1/models", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains($"{id} was revoked", await after.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokedElsewhere_StopsWorkingWithinOneSecond()
    {
        var (secret, id) = await CreateAsync("lifecycle-replica", "viewer");
        using var viewer = app.CreateClient(secret);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/models", Ct)).StatusCode); // now cached

        // Another replica revokes it: straight in the shared database, this process's cache is not told.
        await app.Services.GetRequiredService<IdentityStore>().RevokeTokenAsync(WorkspaceName.Default, id, "replica-2", Ct);
        var revokedAt = System.Diagnostics.Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            status = (await viewer.GetAsync("/api/v1/models", Ct)).StatusCode;
        }
        while (status == HttpStatusCode.OK && revokedAt.Elapsed < TimeSpan.FromSeconds(3));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.True(revokedAt.Elapsed <= TokenAuthenticator.CacheFor + TimeSpan.FromMilliseconds(250), $"still accepted {revokedAt.Elapsed} after revocation");
    }

    [Fact]
    public async Task ExpiredToken_IsRefusedNamingTheExpiry()
    {
        var identities = app.Services.GetRequiredService<IdentityStore>();
        await identities.AddMemberAsync(WorkspaceName.Default, "lifecycle-expiring", PrincipalKind.User, Role.Viewer, "test", Ct);
        var (info, secret) = await identities.CreateTokenAsync(WorkspaceName.Default, "lifecycle-expiring", null, null, app.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddSeconds(1), "test", Ct);
        using var viewer = app.CreateClient(secret);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/models", Ct)).StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(1.2), Ct);
        using var after = await viewer.GetAsync("/api/v1/models", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Contains($"{info.Prefix} expired", await after.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ControlDatabase_HoldsNoTokenSecret()
    {
        var (secret, _) = await CreateAsync("lifecycle-dump", "viewer");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var bytes = string.Concat(Directory.GetFiles(app.DataDirectory, "control.db*").Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f))));

        Assert.DoesNotContain(secret[16..], bytes, StringComparison.Ordinal);
        Assert.DoesNotContain(app.AdminToken[16..], bytes, StringComparison.Ordinal);
        Assert.Contains(secret[3..15], bytes, StringComparison.Ordinal); // the id is stored, to find the row
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void AdminTokenFile_IsReadableByItsOwnerOnly()
    {
        _ = app.Server;
        var mode = File.GetUnixFileMode(Path.Combine(app.DataDirectory, "admin-token"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.Matches("^mp_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$", app.AdminToken);
    }

    [Fact]
    public async Task ViewerToken_CanPredictAndRead_ButNotPush()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(bias: 2));
        var (secret, _) = await CreateAsync("lifecycle-viewer", "viewer");
        using var viewer = app.CreateClient(secret);

        using var infer = await viewer.PostAsync($"/v2/models/{model}/versions/1/infer", new StringContent(TestModels.Request([1, 1, 1]), Encoding.UTF8, "application/json"), Ct);
        using var push = await viewer.PostAsync($"/api/v1/models/{model}/versions", new ByteArrayContent(TestModels.Linear3()), Ct);

        Assert.Equal(HttpStatusCode.OK, infer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, push.StatusCode);
        Assert.Contains("A viewer of workspace 'default' may not do this", await push.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenWithMoreThanTheMembersRole_IsRefused()
    {
        await new ModelplaneClient(app.CreateClient()).AddMemberAsync(new AddMemberRequest("lifecycle-dev", "developer"), Ct);

        using var response = await app.CreateClient().PostAsJsonAsync(
            "/api/v1/tokens", new CreateTokenRequest("lifecycle-dev", "admin"), ModelplaneJsonContext.Default.CreateTokenRequest, Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("is a developer in 'default' and cannot hold an admin token", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private async Task<(string Secret, string Id)> CreateAsync(string principal, string role)
    {
        var client = new ModelplaneClient(app.CreateClient());
        await client.AddMemberAsync(new AddMemberRequest(principal, role), Ct);
        var created = await client.CreateTokenAsync(new CreateTokenRequest(principal), Ct);
        return (created.Secret, created.Token.Id);
    }
}
