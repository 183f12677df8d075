using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Modelplane.EndToEnd.Tests.Observability;

/// <summary>The PromQL inside exported Grafana dashboards: panel targets and variable queries, as Prometheus would receive them.</summary>
internal static partial class DashboardQueries
{
    private static readonly HashSet<string> PromQlWords = new(StringComparer.Ordinal)
    {
        "sum", "min", "max", "avg", "count", "rate", "increase", "histogram_quantile", "scalar", "group_left", "group_right",
        "by", "without", "on", "ignoring", "and", "or", "unless", "bool", "offset",
    };

    /// <summary>Every query of <paramref name="dashboard"/>, labelled with where it comes from, with Grafana's variables replaced.</summary>
    public static IEnumerable<(string Where, string Expr)> All(JsonObject dashboard)
    {
        foreach (var panel in dashboard["panels"]!.AsArray().Select(p => p!.AsObject()).Where(p => p.ContainsKey("targets")))
        {
            foreach (var target in panel["targets"]!.AsArray())
            {
                yield return ($"{dashboard["uid"]} / {panel["title"]} / {target!["refId"]}", Substitute(target["expr"]!.GetValue<string>()));
            }
        }

        foreach (var variable in dashboard["templating"]!["list"]!.AsArray().Where(v => (string?)v!["type"] == "query"))
        {
            var match = LabelValues().Match(variable!["definition"]!.GetValue<string>());
            Assert.True(match.Success, $"variable {variable["name"]} is not label_values(SELECTOR, LABEL)");
            yield return ($"{dashboard["uid"]} / ${variable["name"]}", Substitute(match.Groups["selector"].Value));
        }
    }

    /// <summary>Replaces the variables Grafana fills in: "All" (<c>.*</c>) for the template variables, fixed windows for the built-ins.</summary>
    public static string Substitute(string expr) => TemplateVariable().Replace(
        expr.Replace("$__rate_interval", "1m", StringComparison.Ordinal).Replace("$__range", "1h", StringComparison.Ordinal),
        ".*");

    /// <summary>The metric names <paramref name="expr"/> reads (everything that is not a string, matcher, range, grouping or PromQL word).</summary>
    public static IEnumerable<string> MetricNames(string expr)
    {
        var rest = Strings().Replace(expr, " ");
        rest = Matchers().Replace(rest, " ");
        rest = Ranges().Replace(rest, " ");
        rest = Groupings().Replace(rest, " ");
        return Identifiers().Matches(rest).Select(m => m.Value).Where(w => !PromQlWords.Contains(w));
    }

    [GeneratedRegex(@"^label_values\((?<selector>.+),\s*(?<label>\w+)\)$")]
    private static partial Regex LabelValues();

    [GeneratedRegex(@"\$[A-Za-z_]\w*")]
    private static partial Regex TemplateVariable();

    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Groupings();

    [GeneratedRegex(@"\b[A-Za-z_:][A-Za-z0-9_:]*")]
    private static partial Regex Identifiers();
}
