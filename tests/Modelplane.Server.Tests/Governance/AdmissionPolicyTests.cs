using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Modelplane.Registry.Models;

namespace Modelplane.Server.Tests.Governance;

/// <summary>
/// The workspace policy refuses deploys, aliases and promotions that break it, with every failed rule named and nothing
/// changed. Tests in this class share one server (and so one policy) and run one after another; each sets its policy.
/// </summary>
public sealed class AdmissionPolicyTests(ModelplaneAppFactory app) : IClassFixture<ModelplaneAppFactory>
{
    private const string AucPolicy = "rules:\n  - metric: auc\n    min: 0.85\n";
    private const string HighRiskPolicy = "rules:\n  - risk_tier: high\n    require_approval: true\napplies_to: [promote]\n";
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;
    private readonly HttpClient _client = app.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SetEndpointTarget_BelowMetricThreshold_Returns403ListingRuleAndEndpointUnchanged()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(1), "?metric=auc%3D0.9");
        await app.PushAsync(model, TestModels.Linear3(2), "?metric=auc%3D0.8");
        await SetPolicyAsync(AucPolicy);
        var endpoint = await app.CreateEndpointAsync(TestModels.UniqueName("e"), model, 1);

        using var response = await _client.PutAsJsonAsync($"/api/v1/endpoints/{endpoint.Name}", new SetEndpointTargetRequest(model, 2), Json.SetEndpointTargetRequest, Ct);

        var refusal = await RefusalAsync(response);
        Assert.Equal(new PolicyViolationDto("metric auc >= 0.85", "auc is 0.8, below the minimum 0.85."), Assert.Single(refusal.Violations));
        Assert.Contains("refuses to deploy", refusal.Error, StringComparison.Ordinal);
        Assert.Equal(1, (await _client.GetFromJsonAsync($"/api/v1/endpoints/{endpoint.Name}", Json.EndpointDto, Ct))!.Version);
    }

    [Fact]
    public async Task CreateEndpoint_BelowMetricThreshold_Returns403AndCreatesNothing()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(), "?metric=auc%3D0.5");
        await SetPolicyAsync(AucPolicy);
        var name = TestModels.UniqueName("e");

        using var response = await _client.PostAsJsonAsync("/api/v1/endpoints", new CreateEndpointRequest(name, model, 1), Json.CreateEndpointRequest, Ct);

        Assert.Equal("metric auc >= 0.85", Assert.Single((await RefusalAsync(response)).Violations).Rule);
        using var get = await _client.GetAsync($"/api/v1/endpoints/{name}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task SetAlias_BelowMetricThreshold_Returns403AndNoAlias()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(), "?metric=auc%3D0.5");
        await SetPolicyAsync(AucPolicy);

        using var response = await _client.PutAsJsonAsync($"/api/v1/models/{model}/aliases/champion", new SetAliasRequest(1), Json.SetAliasRequest, Ct);

        Assert.Equal("metric auc >= 0.85", Assert.Single((await RefusalAsync(response)).Violations).Rule);
        Assert.Empty((await _client.GetFromJsonAsync($"/api/v1/models/{model}/aliases", Json.IReadOnlyListAliasDto, Ct))!);
    }

    [Fact]
    public async Task MlflowSetAlias_BelowMetricThreshold_Returns403InMlflowShape()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(), "?metric=auc%3D0.5");
        await SetPolicyAsync(AucPolicy);

        using var response = await _client.PostAsync("/api/2.0/mlflow/registered-models/alias", Body($$"""{"name":"{{model}}","alias":"champion","version":"1"}"""), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("PERMISSION_DENIED", body.RootElement.GetProperty("error_code").GetString());
        Assert.Contains("[metric auc >= 0.85] auc is 0.5, below the minimum 0.85.", body.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MlflowPromote_HighRiskPending_Returns403AndStageUnchanged()
    {
        var model = await PushHighRiskAsync(author: "ana");
        await SetPolicyAsync(HighRiskPolicy);

        using var response = await PromoteAsync(model);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("needs an approval", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal("None", await StageAsync(model));
    }

    [Fact]
    public async Task MlflowPromote_HighRiskApprovedBySomeoneElse_Succeeds()
    {
        // The admin token approves a version "ana" pushed: someone else.
        var model = await PushHighRiskAsync(author: "ana");
        await SetPolicyAsync(HighRiskPolicy);
        using var approve = await _client.PostAsync($"/api/v1/models/{model}/versions/1/approval", Body("""{"status":"approved"}"""), Ct);
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);

        using var response = await PromoteAsync(model);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Production", await StageAsync(model));
    }

    [Fact]
    public async Task HighRiskVersion_PushedByDeveloper_NeedsAnApproverOtherThanTheAuthorBeforePromotion()
    {
        await SetPolicyAsync(HighRiskPolicy);
        var admin = new ModelplaneClient(_client);
        var developer = app.CreateClient(await TokenAsync(admin, "policy-dev", "developer"));
        var approver = app.CreateClient(await TokenAsync(admin, "policy-approver", "approver"));
        var model = TestModels.UniqueName();
        using (var push = await developer.PostAsync($"/api/v1/models/{model}/versions?tag=risk_tier%3Dhigh", new ByteArrayContent(TestModels.Linear3()), Ct))
        {
            Assert.Equal(HttpStatusCode.Created, push.StatusCode);
        }

        using var selfApproval = await developer.PostAsync($"/api/v1/models/{model}/versions/1/approval", Body("""{"status":"approved"}"""), Ct);
        using var pendingPromotion = await PromoteAsync(model);
        using var approval = await approver.PostAsync($"/api/v1/models/{model}/versions/1/approval", Body("""{"status":"approved","comment":"reviewed"}"""), Ct);
        using var promotion = await PromoteAsync(model);

        Assert.Equal(HttpStatusCode.Forbidden, selfApproval.StatusCode); // a developer holds no approve permission
        Assert.Equal(HttpStatusCode.Forbidden, pendingPromotion.StatusCode);
        Assert.Equal(HttpStatusCode.OK, approval.StatusCode);
        var version = await _client.GetFromJsonAsync($"/api/v1/models/{model}/versions/1", Json.ModelVersionDto, Ct);
        Assert.Equal(("policy-dev", "approved", "policy-approver"), (version!.CreatedBy, version.Approval!.Status, version.Approval.By));
        Assert.Equal(HttpStatusCode.OK, promotion.StatusCode);
        Assert.Equal("Production", await StageAsync(model));
    }

    [Fact]
    public async Task RefusedDeploy_LeavesADeniedAuditRecordNamingTheRule()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(), "?metric=auc%3D0.5");
        await SetPolicyAsync(AucPolicy);

        using var deploy = await _client.PostAsJsonAsync(
            "/api/v1/endpoints", new CreateEndpointRequest(model, model, 1), Json.CreateEndpointRequest, Ct);
        using var audit = await _client.GetAsync("/api/v1/audit?outcome=denied&action=CreateEndpoint", Ct);
        var body = await audit.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.Forbidden, deploy.StatusCode);
        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
        Assert.Contains("\"status\":403", body, StringComparison.Ordinal);
        Assert.Contains("\"actor\":\"admin\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostApproval_ByAuthorOfHighRiskVersion_Returns403AndStaysPending()
    {
        var model = await PushHighRiskAsync(author: "admin");

        using var response = await _client.PostAsync($"/api/v1/models/{model}/versions/1/approval", Body("""{"status":"approved","by":"someone-else"}"""), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("its author cannot approve it", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal("pending", (await _client.GetFromJsonAsync($"/api/v1/models/{model}/versions/1", Json.ModelVersionDto, Ct))!.Approval!.Status);
    }

    [Fact]
    public async Task PolicyCheck_Violations_ListedWithoutChangingAnything()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(), "?metric=auc%3D0.5");
        await SetPolicyAsync(AucPolicy + "  - require: [model_card]\n");

        using var response = await _client.PostAsync($"/api/v1/models/{model}/versions/1/policy-check?action=alias", null, Ct);
        var check = await response.Content.ReadFromJsonAsync(Json.PolicyCheckDto, Ct);

        Assert.Equal((false, "alias"), (check!.Allowed, check.Action));
        Assert.Equal(["metric auc >= 0.85", "require [model_card]"], check.Violations.Select(v => v.Rule));
    }

    [Fact]
    public async Task PutPolicy_Invalid_Returns400NamingLineAndKeepsPrevious()
    {
        await SetPolicyAsync(AucPolicy);
        using var content = new StringContent("rules:\n  - metric: auc\n    mni: 0.8\n", Encoding.UTF8, "application/yaml");

        using var response = await _client.PutAsync("/api/v1/policy", content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("line 3, column 5: rules[0]: unknown key 'mni'", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(AucPolicy, (await _client.GetFromJsonAsync("/api/v1/policy", Json.PolicyDto, Ct))!.Text);
    }

    [Fact]
    public async Task PutPolicy_PlainText_Returns400NamingContentType()
    {
        using var content = new StringContent("rules: [{formats: [onnx]}]", Encoding.UTF8, "text/plain");

        using var response = await _client.PutAsync("/api/v1/policy", content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Content-Type", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletePolicy_ThenDeploy_IsAllowedAgain()
    {
        var model = TestModels.UniqueName();
        await app.PushAsync(model, TestModels.Linear3(), "?metric=auc%3D0.5");
        await SetPolicyAsync(AucPolicy);

        using var delete = await _client.DeleteAsync("/api/v1/policy", Ct);
        using var get = await _client.GetAsync("/api/v1/policy", Ct);

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NotFound), (delete.StatusCode, get.StatusCode));
        Assert.Equal(1, (await app.CreateEndpointAsync(TestModels.UniqueName("e"), model, 1)).Version);
    }

    private static async Task<string> TokenAsync(ModelplaneClient admin, string name, string role)
    {
        await admin.AddMemberAsync(new AddMemberRequest(name, role), Ct);
        return (await admin.CreateTokenAsync(new CreateTokenRequest(name), Ct)).Secret;
    }

    private async Task SetPolicyAsync(string yaml)
    {
        using var content = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        using var response = await _client.PutAsync("/api/v1/policy", content, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    // Pushed through the publisher, so a test can name the author without a token of that name.
    private async Task<string> PushHighRiskAsync(string author)
    {
        var model = TestModels.UniqueName();
        using var bytes = new MemoryStream(TestModels.Linear3());
        var publisher = app.Services.GetRequiredService<ModelPublisher>();
        await publisher.PushAsync(model, bytes, new PushMetadata(null, new Dictionary<string, string> { ["risk_tier"] = "high" }, new Dictionary<string, double>(), null) { Author = author }, Ct);
        return model;
    }

    private Task<HttpResponseMessage> PromoteAsync(string model) =>
        _client.PostAsync("/api/2.0/mlflow/model-versions/transition-stage", Body($$"""{"name":"{{model}}","version":"1","stage":"Production"}"""), Ct);

    private async Task<string?> StageAsync(string model)
    {
        using var body = JsonDocument.Parse(await _client.GetStringAsync($"/api/2.0/mlflow/model-versions/get?name={model}&version=1", Ct));
        return body.RootElement.GetProperty("model_version").GetProperty("current_stage").GetString();
    }

    private static async Task<PolicyRefusalDto> RefusalAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(Json.PolicyRefusalDto, Ct))!;
    }

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");
}
