using System.Net;
using System.Text;
using System.Text.Json;
using Modelplane.Client.Contracts;

namespace Modelplane.Cli.Tests.Fakes;

// Aliases, tags, approvals, cards and lineage, kept on the fake's version records like the real server keeps them.
internal sealed partial class FakeModelplaneServer
{
    private readonly Dictionary<(string Model, int Version), string> _cards = [];

    /// <summary>The lineage graph returned for every version; tests set it.</summary>
    public LineageGraphDto Lineage { get; set; } = new([], []);

    /// <summary>Replaces a stored version, as a metadata change on the server would.</summary>
    public void Update(ModelVersionDto version) => _models[version.Model][version.Version - 1] = version;

    private HttpResponseMessage HandleMetadata(string method, string model, string[] rest, byte[] body) => (method, rest) switch
    {
        ("GET", ["aliases"]) => Ok(Aliases(model), Json.IReadOnlyListAliasDto),
        ("PUT", ["aliases", var alias]) => SetAlias(model, alias, JsonSerializer.Deserialize(body, Json.SetAliasRequest)!.Version),
        ("DELETE", ["aliases", var alias]) => DeleteAlias(model, alias),
        (_, ["versions", var v, ..]) when FindVersion(model, v) is not { } => Error(HttpStatusCode.NotFound, $"Model '{model}' has no version {v}."),
        ("PUT", ["versions", var v, "tags", var key]) => Change(FindVersion(model, v)!, x => x with { Tags = new Dictionary<string, string>(x.Tags) { [key] = JsonSerializer.Deserialize(body, Json.SetTagRequest)!.Value } }),
        ("DELETE", ["versions", var v, "tags", var key]) => DeleteTag(FindVersion(model, v)!, key),
        ("POST", ["versions", var v, "approval"]) => Approve(FindVersion(model, v)!, JsonSerializer.Deserialize(body, Json.ApprovalRequest)!),
        ("PUT", ["versions", var v, "card"]) => SetCard(FindVersion(model, v)!, Encoding.UTF8.GetString(body)),
        ("GET", ["versions", var v, "card"]) => _cards.TryGetValue((model, FindVersion(model, v)!.Version), out var card)
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(card, Encoding.UTF8, "text/markdown") }
            : Error(HttpStatusCode.NotFound, "no model card"),
        ("GET", ["versions", _, "lineage"]) => Ok(Lineage, Json.LineageGraphDto),
        _ => Error(HttpStatusCode.NotFound, $"No route for {method} {string.Join('/', rest)}."),
    };

    private List<AliasDto> Aliases(string model) =>
        [.. _models.GetValueOrDefault(model, []).SelectMany(v => v.Aliases.Select(a => new AliasDto(model, a, v.Version, Created))).OrderBy(a => a.Alias, StringComparer.Ordinal)];

    private HttpResponseMessage SetAlias(string model, string alias, int version)
    {
        if (FindVersion(model, $"{version}") is not { } target)
        {
            return Error(HttpStatusCode.NotFound, $"Model '{model}' has no version {version}.");
        }

        foreach (var v in _models[model].Where(v => v.Aliases.Contains(alias)).ToList())
        {
            Update(v with { Aliases = [.. v.Aliases.Where(a => a != alias)] });
        }

        Update(FindVersion(model, $"{version}")! with { Aliases = [.. target.Aliases.Where(a => a != alias), alias] });
        return Ok(new AliasDto(model, alias, version, Created), Json.AliasDto);
    }

    private HttpResponseMessage DeleteAlias(string model, string alias)
    {
        if (FindVersion(model, alias) is not { } target)
        {
            return Error(HttpStatusCode.NotFound, $"Model '{model}' has no alias '{alias}'.");
        }

        Update(target with { Aliases = [.. target.Aliases.Where(a => a != alias)] });
        return new HttpResponseMessage(HttpStatusCode.NoContent);
    }

    private HttpResponseMessage DeleteTag(ModelVersionDto version, string key)
    {
        if (!version.Tags.ContainsKey(key))
        {
            return Error(HttpStatusCode.NotFound, $"{version.Model}@{version.Version} has no tag '{key}'.");
        }

        Update(version with { Tags = version.Tags.Where(t => t.Key != key).ToDictionary() });
        return new HttpResponseMessage(HttpStatusCode.NoContent);
    }

    // Like the server: the body's "by" is ignored and the caller (anonymous here) is recorded.
    private HttpResponseMessage Approve(ModelVersionDto version, ApprovalRequest request) =>
        Change(version, v => v with { Approval = new ApprovalDto(request.Status, "anonymous", Created, request.Comment) });

    private HttpResponseMessage SetCard(ModelVersionDto version, string markdown)
    {
        _cards[(version.Model, version.Version)] = markdown;
        Update(version with { HasCard = true });
        return new HttpResponseMessage(HttpStatusCode.NoContent);
    }

    private HttpResponseMessage Change(ModelVersionDto version, Func<ModelVersionDto, ModelVersionDto> change)
    {
        var updated = change(version);
        Update(updated);
        return Ok(updated, Json.ModelVersionDto);
    }
}
