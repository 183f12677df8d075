using System.CommandLine;
using Modelplane.Client;
using Modelplane.Client.Contracts;
using Spectre.Console;

namespace Modelplane.Cli;

/// <summary><c>modelplane endpoints create|list|show|set|traffic|state|anonymous</c>: give a model version a stable name to serve under.</summary>
internal static class EndpointsCommands
{
    private static readonly ModelplaneJsonContext Json = ModelplaneJsonContext.Default;

    /// <summary>Builds the <c>endpoints</c> command group.</summary>
    public static Command Build(CliEnvironment env)
    {
        var endpoints = new Command("endpoints", "Serve model versions under stable names at /v2/models/{endpoint}.");
        endpoints.Subcommands.Add(Create(env));
        endpoints.Subcommands.Add(List(env));
        endpoints.Subcommands.Add(Show(env));
        endpoints.Subcommands.Add(Set(env));
        endpoints.Subcommands.Add(Traffic(env));
        endpoints.Subcommands.Add(RateLimit(env));
        endpoints.Subcommands.Add(InferenceLogCommands.Logging(env));
        endpoints.Subcommands.Add(State(env));
        endpoints.Subcommands.Add(Anonymous(env));
        return endpoints;
    }

    private static string? Hint(ModelplaneApiException ex) => ex.Status switch
    {
        404 => "Run `modelplane endpoints list` to see endpoints and `modelplane models list` to see models.",
        409 => "That endpoint exists; point it at another version with `modelplane endpoints set NAME --model MODEL@VERSION`.",
        _ => null,
    };

    private static Option<string> ModelOption() => new("--model")
    {
        Description = "The model version to serve; without @VERSION the model's latest version",
        HelpName = "MODEL[@VERSION]",
        Required = true,
    };

    private static Command Create(CliEnvironment env)
    {
        var name = new Argument<string>("NAME") { Description = "Endpoint name, used in /v2/models/NAME/infer" };
        var model = ModelOption();
        var sandbox = new Option<bool>("--sandbox")
        {
            Description = "Create it in the sandbox (token holders of the workspace only) even as a deployer; a developer's endpoints always start there",
        };
        var command = new Command("create", "Create an endpoint that serves a model version.") { name, model, sandbox }
            .WithExamples(
                "modelplane endpoints create churn --model churn@1",
                "modelplane endpoints create churn --model churn        (the latest version)",
                "modelplane endpoints create churn-try --model churn@3 --sandbox");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var target = ModelVersionReference.Parse(parse.GetRequiredValue(model));
            var version = await target.ResolveVersionAsync(client, ct);
            var endpoint = parse.GetValue(sandbox)
                ? await client.CreateEndpointAsync(parse.GetRequiredValue(name), target.Model, version, "sandbox", ct)
                : await client.CreateEndpointAsync(parse.GetRequiredValue(name), target.Model, version, ct);
            Write(output, endpoint, $"Created {endpoint.State} endpoint [bold]{endpoint.Name.EscapeMarkup()}[/] serving {endpoint.Model.EscapeMarkup()}@{endpoint.Version}");
            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    private static Command Set(CliEnvironment env)
    {
        var name = new Argument<string>("NAME") { Description = "An existing endpoint" };
        var model = ModelOption();
        var command = new Command("set", "Point an endpoint at another model version; the next request is served by it.") { name, model }
            .WithExamples(
                "modelplane endpoints set churn --model churn@2");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var target = ModelVersionReference.Parse(parse.GetRequiredValue(model));
            var version = await target.ResolveVersionAsync(client, ct);
            var endpoint = await client.SetEndpointTargetAsync(parse.GetRequiredValue(name), target.Model, version, ct);
            Write(output, endpoint, $"Endpoint [bold]{endpoint.Name.EscapeMarkup()}[/] now serves {endpoint.Model.EscapeMarkup()}@{endpoint.Version}");
            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    private static Command List(CliEnvironment env)
    {
        var command = new Command("list", "List endpoints and the model version each serves.");
        ClientCommand.Configure(env, command, async (_, client, output, ct) =>
        {
            var endpoints = await client.ListEndpointsAsync(ct);
            if (output.Json)
            {
                output.WriteJson(endpoints, Json.IReadOnlyListEndpointDto);
                return ExitCodes.Success;
            }

            if (endpoints.Count == 0)
            {
                output.Line("No endpoints yet. Create one with `modelplane endpoints create NAME --model MODEL@VERSION`.");
                return ExitCodes.Success;
            }

            var table = CliOutput.Table("Name", "Model", "Version", "State", "Anonymous", "Created", "Updated");
            foreach (var e in endpoints)
            {
                var version = e.Traffic.Count == 0 ? $"{e.Version}" : string.Join(" ", e.Traffic.Select(t => $"{(t.Model == e.Model ? "" : t.Model + "@")}{t.Version}={t.Weight}%"));
                table.AddRow(
                    e.Name.EscapeMarkup(), e.Model.EscapeMarkup(), version.EscapeMarkup(), e.State, e.AnonymousPredictions ? "open" : "closed",
                    CliOutput.Time(e.CreatedAt), CliOutput.Time(e.UpdatedAt));
            }

            output.Console.Write(table);
            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    private static Command Show(CliEnvironment env)
    {
        var name = new Argument<string>("NAME") { Description = "The endpoint" };
        var command = new Command("show", "Show which model version an endpoint serves.") { name };
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var endpoint = await client.GetEndpointAsync(parse.GetRequiredValue(name), ct);
            Write(output, endpoint, $"Endpoint [bold]{endpoint.Name.EscapeMarkup()}[/]");
            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    private static Command Traffic(CliEnvironment env)
    {
        var name = new Argument<string>("NAME") { Description = "An existing endpoint" };
        var weights = new Argument<string[]>("MODEL@VERSION=WEIGHT")
        {
            Description = "Versions with whole-percent weights summing to 100, e.g. churn@1=90 churn@2=10 (one version at 100 ends a split); left out: the split stays as it is",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var sticky = new Option<string?>("--sticky-header")
        {
            Description = "A request header (e.g. X-User) whose value keeps a caller on one version while the weights are unchanged; without it, weighted random",
            HelpName = "HEADER",
        };
        var shadow = new Option<string?>("--shadow")
        {
            Description = "Copy a share of requests to a challenger after the caller is answered, to compare its answers: MODEL@VERSION:PERCENT%",
            HelpName = "MODEL@VERSION:PERCENT%",
        };
        var cascade = new Option<string?>("--cascade")
        {
            Description = "Ask a cheap version first; it answers when its top-class probability is at least the threshold, else the split (or HEAVY) answers",
            HelpName = "CHEAP@VERSION>=THRESHOLD[,HEAVY@VERSION]",
        };
        var fallback = new Option<string?>("--fallback")
        {
            Description = "The safe version that answers when the chosen one fails or times out",
            HelpName = "MODEL@VERSION",
        };
        var command = new Command(
            "traffic",
            "Set how an endpoint routes its requests: a weighted split (every version is loaded first), and its shadow, cascade and fallback. "
            + "The three policies are replaced each time: one left out is switched off.")
        {
            name,
            weights,
            sticky,
            shadow,
            cascade,
            fallback,
        }.WithExamples(
            "modelplane endpoints traffic churn churn@1=90 churn@2=10",
            "modelplane endpoints traffic churn churn@1=50 churn@2=50 --sticky-header X-User",
            "modelplane endpoints traffic churn churn@1=90 churn@2=10 --shadow churn@3:20% --fallback churn@1",
            "modelplane endpoints traffic triage --cascade small@2>=0.9,big@1",
            "modelplane endpoints traffic churn   (switches shadow, cascade and fallback off)");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var endpointName = parse.GetRequiredValue(name);
            var split = new List<TrafficWeightDto>();
            foreach (var text in parse.GetValue(weights) ?? [])
            {
                var equals = text.LastIndexOf('=');
                if (equals < 0 || !int.TryParse(text.AsSpan(equals + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var weight))
                {
                    throw new UsageException($"'{text}' is not MODEL@VERSION=WEIGHT, e.g. churn@2=10.");
                }

                var target = ModelVersionReference.Parse(text[..equals]);
                split.Add(new TrafficWeightDto(target.Model, await target.ResolveVersionAsync(client, ct), weight));
            }

            var (cheap, heavy) = parse.GetValue(cascade) is { } cascadeText ? await ParseCascadeAsync(client, cascadeText, ct) : (null, null);
            if (heavy is not null)
            {
                if (split.Count > 0)
                {
                    throw new UsageException("Give the heavy version either in --cascade or as weights, not both.");
                }

                split.Add(heavy);
            }

            var policies = new EndpointPoliciesDto(
                parse.GetValue(shadow) is { } shadowText ? await ParseShadowAsync(client, shadowText, ct) : null,
                cheap,
                parse.GetValue(fallback) is { } fallbackText ? await ParseFallbackAsync(client, fallbackText, ct) : null);

            // The split first, so a cascade or fallback never points at a version the split has not loaded yet.
            if (split is [{ Weight: 100 } only])
            {
                await client.SetEndpointTargetAsync(endpointName, only.Model, only.Version, ct);
            }
            else if (split.Count > 0)
            {
                await client.SetTrafficAsync(endpointName, new SetTrafficRequest(split) { StickyHeader = parse.GetValue(sticky) }, ct);
            }

            var endpoint = await client.SetEndpointPoliciesAsync(endpointName, policies, ct);
            Write(output, endpoint, $"Endpoint [bold]{endpoint.Name.EscapeMarkup()}[/] routing set");
            return ExitCodes.Success;
        }, ex => ex.Status == 409 ? "A rollout owns the endpoint's traffic until it ends: see `modelplane rollout status NAME`." : Hint(ex));
        return command;
    }

    private static async Task<ShadowPolicyDto> ParseShadowAsync(ModelplaneClient client, string text, CancellationToken ct)
    {
        var colon = text.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(text.AsSpan(colon + 1).TrimEnd('%'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var percent))
        {
            throw new UsageException($"--shadow '{text}' is not MODEL@VERSION:PERCENT%, e.g. churn@3:20%.");
        }

        var target = ModelVersionReference.Parse(text[..colon]);
        return new ShadowPolicyDto(target.Model, await target.ResolveVersionAsync(client, ct), percent);
    }

    private static async Task<(CascadePolicyDto Cheap, TrafficWeightDto? Heavy)> ParseCascadeAsync(ModelplaneClient client, string text, CancellationToken ct)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var at = parts[0].IndexOf(">=", StringComparison.Ordinal);
        if (parts.Length > 2 || at < 0
            || !double.TryParse(parts[0].AsSpan(at + 2), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var threshold))
        {
            throw new UsageException($"--cascade '{text}' is not CHEAP@VERSION>=THRESHOLD[,HEAVY@VERSION], e.g. small@2>=0.9,big@1.");
        }

        var cheap = ModelVersionReference.Parse(parts[0][..at]);
        var heavy = parts.Length == 2 ? ModelVersionReference.Parse(parts[1]) : (ModelVersionReference?)null;
        return (
            new CascadePolicyDto(cheap.Model, await cheap.ResolveVersionAsync(client, ct), threshold),
            heavy is { } h ? new TrafficWeightDto(h.Model, await h.ResolveVersionAsync(client, ct), 100) : null);
    }

    private static async Task<FallbackPolicyDto> ParseFallbackAsync(ModelplaneClient client, string text, CancellationToken ct)
    {
        var target = ModelVersionReference.Parse(text);
        return new FallbackPolicyDto(target.Model, await target.ResolveVersionAsync(client, ct));
    }

    private static Command RateLimit(CliEnvironment env)
    {
        var name = new Argument<string>("NAME") { Description = "An existing endpoint" };
        var perSecond = new Option<int?>("--per-second") { Description = "Requests per second the endpoint accepts in all; left out: no limit", HelpName = "N" };
        var perCaller = new Option<int?>("--per-caller")
        {
            Description = "Requests per second from one caller (token, or address without one); left out: no limit",
            HelpName = "N",
        };
        var command = new Command(
            "rate-limit",
            "Limit an endpoint's requests per second, in all and per caller; requests over a limit get 429 with Retry-After. Without options, removes the limits.")
        {
            name,
            perSecond,
            perCaller,
        }.WithExamples("modelplane endpoints rate-limit churn --per-second 500 --per-caller 50", "modelplane endpoints rate-limit churn   (no limits)");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var endpoint = await client.SetRateLimitsAsync(parse.GetRequiredValue(name), parse.GetValue(perSecond), parse.GetValue(perCaller), ct);
            Write(output, endpoint, $"Endpoint [bold]{endpoint.Name.EscapeMarkup()}[/] rate limits set");
            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    private static Command State(CliEnvironment env)
    {
        var name = new Argument<string>("NAME") { Description = "An existing endpoint" };
        var state = new Argument<string>("STATE") { Description = "live (serves production; needs a deployer) or sandbox (token holders of the workspace only)" };
        state.AcceptOnlyFromAmong("live", "sandbox");
        var command = new Command("state", "Make a sandbox endpoint live (its version must pass the workspace's deploy policy), or return it to the sandbox.") { name, state }
            .WithExamples("modelplane endpoints state churn-try live");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var endpoint = await client.SetEndpointStateAsync(parse.GetRequiredValue(name), parse.GetRequiredValue(state), ct);
            Write(output, endpoint, $"Endpoint [bold]{endpoint.Name.EscapeMarkup()}[/] is {endpoint.State}");
            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    private static Command Anonymous(CliEnvironment env)
    {
        var name = new Argument<string>("NAME") { Description = "An existing live endpoint" };
        var setting = new Argument<string>("SETTING") { Description = "open (callers without a token may predict) or closed (the default)" };
        setting.AcceptOnlyFromAmong("open", "closed");
        var command = new Command(
            "anonymous",
            "Open a live endpoint's prediction routes to callers without a token, or close them again (admin). Nothing else opens with them: not the model's own name, pinned versions or any management route.")
        {
            name,
            setting,
        }.WithExamples("modelplane endpoints anonymous iris-demo open");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var endpoint = await client.SetAnonymousPredictionsAsync(parse.GetRequiredValue(name), parse.GetRequiredValue(setting) == "open", ct);
            Write(output, endpoint, endpoint.AnonymousPredictions
                ? $"Endpoint [bold]{endpoint.Name.EscapeMarkup()}[/] now answers predictions without a token"
                : $"Endpoint [bold]{endpoint.Name.EscapeMarkup()}[/] now needs a token");
            return ExitCodes.Success;
        }, Hint);
        return command;
    }

    private static void Write(CliOutput output, EndpointDto endpoint, string headline)
    {
        if (output.Json)
        {
            output.WriteJson(endpoint, Json.EndpointDto);
            return;
        }

        output.Line(headline);
        var facts = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        facts.AddRow("  Model", $"{endpoint.Model.EscapeMarkup()}@{endpoint.Version}{(endpoint.Traffic.Count > 0 ? " (stable)" : "")}");
        if (endpoint.Traffic.Count > 0)
        {
            facts.AddRow(
                "  Traffic",
                string.Join("  ", endpoint.Traffic.Select(t => $"{t.Model.EscapeMarkup()}@{t.Version} {t.Weight}%"))
                + (endpoint.StickyHeader is { } header ? $"  (sticky by {header.EscapeMarkup()})" : ""));
        }

        if (endpoint.Routed is { Count: > 0 } routed && routed.Sum(r => r.Requests) is var total and > 0)
        {
            facts.AddRow(
                "  Routed",
                string.Join("  ", routed.Select(r => string.Create(
                    System.Globalization.CultureInfo.InvariantCulture, $"{r.Model.EscapeMarkup()}@{r.Version} {r.Requests:N0} ({100.0 * r.Requests / total:F1}%)")))
                + "  since the split took effect");
        }

        WritePolicies(facts, endpoint);
        facts.AddRow("  Created", CliOutput.Time(endpoint.CreatedAt));
        facts.AddRow("  Updated", CliOutput.Time(endpoint.UpdatedAt));
        facts.AddRow("  State", endpoint.State);
        facts.AddRow("  Rate limit", $"{(endpoint.RateLimit is { } all ? $"{all}/s" : "none")}, per caller {(endpoint.CallerRateLimit is { } one ? $"{one}/s" : "none")}");
        facts.AddRow("  Anonymous", endpoint.AnonymousPredictions ? "open: predictions need no token" : "closed: predictions need a token");
        facts.AddRow("  Infer at", $"/v2/models/{Uri.EscapeDataString(endpoint.Name)}/infer".EscapeMarkup());
        output.Console.Write(facts);
    }

    private static void WritePolicies(Grid facts, EndpointDto endpoint)
    {
        var stats = endpoint.PolicyStats;
        if (endpoint.Policies.Shadow is { } shadow)
        {
            var figures = stats?.Shadow is { } s
                ? FormattableString.Invariant($"  mirrored {s.Mirrored:N0}, compared {s.Compared:N0}, failed {s.Failed:N0}, dropped {s.Dropped:N0}")
                    + (s.LabelMatchRate is { } match ? FormattableString.Invariant($"; labels agree {match:P1}") : "")
                    + (s.MeanAbsoluteScoreDifference is { } mad ? FormattableString.Invariant($"; mean |score difference| {mad:G4}") : "")
                : "";
            facts.AddRow("  Shadow", $"{shadow.Model.EscapeMarkup()}@{shadow.Version} gets {shadow.Percent}% of requests{figures}");
        }

        if (endpoint.Policies.Cascade is { } cascade)
        {
            var figures = stats?.Cascade is { } c
                ? string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"  answered {c.Answered:N0}, escalated {c.Escalated:N0}{(c.EscalatedShare is { } share ? $" ({share:P1})" : "")}")
                : "";
            facts.AddRow(
                "  Cascade",
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{cascade.Model.EscapeMarkup()}@{cascade.Version} answers at top-class probability >= {cascade.Threshold}{figures}"));
        }

        if (endpoint.Policies.Fallback is { } fallback)
        {
            var figures = stats?.FallbackUsed is { } used ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"  answered {used:N0} requests") : "";
            facts.AddRow("  Fallback", $"{fallback.Model.EscapeMarkup()}@{fallback.Version}{figures}");
        }
    }
}
