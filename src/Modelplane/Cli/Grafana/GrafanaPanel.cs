using System.Text.Json.Nodes;

namespace Modelplane.Cli.Grafana;

/// <summary>One PromQL query of a panel.</summary>
/// <param name="Expr">The expression, with Grafana variables such as <c>$workspace</c> and <c>$__rate_interval</c>.</param>
/// <param name="Legend">The series name, e.g. <c>{{endpoint}}</c>.</param>
/// <param name="Instant">Evaluate once at the range's end (stats, bar gauges, tables) instead of over the range.</param>
/// <param name="Format"><c>time_series</c>, <c>table</c> or <c>heatmap</c> (histogram buckets).</param>
internal sealed record PanelQuery(string Expr, string Legend, bool Instant = false, string Format = "time_series");

/// <summary>A colour from a value upwards (<paramref name="From"/> null is the base colour).</summary>
internal sealed record ThresholdStep(double? From, string Color);

/// <summary>A Grafana panel as this export writes it: kind, title, queries and the few display settings that differ between panels.</summary>
internal sealed class GrafanaPanel
{
    /// <summary>Grafana's panel type: <c>timeseries</c>, <c>stat</c>, <c>bargauge</c>, <c>table</c> or <c>heatmap</c>.</summary>
    public required string Type { get; init; }

    /// <summary>The title, unique within its dashboard.</summary>
    public required string Title { get; init; }

    /// <summary>What the panel shows and how to read it (Grafana's info tooltip).</summary>
    public required string Description { get; init; }

    /// <summary>The queries, lettered A, B, C… in order.</summary>
    public required IReadOnlyList<PanelQuery> Queries { get; init; }

    /// <summary>Grafana unit id.</summary>
    /// <value>Defaults to <c>short</c>.</value>
    public string Unit { get; init; } = "short";

    /// <summary>Width in grid columns (24 is the full width).</summary>
    /// <value>Defaults to 12.</value>
    public int Width { get; init; } = 12;

    /// <summary>Height in grid rows.</summary>
    /// <value>Defaults to 8.</value>
    public int Height { get; init; } = 8;

    /// <summary>Lowest value of the axis or gauge; null lets Grafana choose.</summary>
    public double? Min { get; init; }

    /// <summary>Highest value of the axis or gauge; null lets Grafana choose.</summary>
    public double? Max { get; init; }

    /// <summary>Colour steps; time series draw them as dashed lines.</summary>
    /// <value>Defaults to green throughout.</value>
    public IReadOnlyList<ThresholdStep> Thresholds { get; init; } = [new(null, "green")];

    /// <summary>A template variable to repeat the panel for (one copy per selected value), or null.</summary>
    public string? Repeat { get; init; }

    /// <summary>The panel's JSON at <paramref name="x"/>, <paramref name="y"/> on the grid.</summary>
    public JsonObject ToJson(int id, int x, int y)
    {
        var defaults = new JsonObject
        {
            ["unit"] = Unit,
            ["thresholds"] = new JsonObject
            {
                ["mode"] = "absolute",
                ["steps"] = new JsonArray([.. Thresholds.Select(s => new JsonObject { ["color"] = s.Color, ["value"] = s.From })]),
            },
        };
        if (Min is { } min)
        {
            defaults["min"] = min;
        }

        if (Max is { } max)
        {
            defaults["max"] = max;
        }

        if (Type == "timeseries")
        {
            defaults["custom"] = new JsonObject { ["thresholdsStyle"] = new JsonObject { ["mode"] = Thresholds.Count > 1 ? "dashed" : "off" } };
        }

        var panel = new JsonObject
        {
            ["id"] = id,
            ["type"] = Type,
            ["title"] = Title,
            ["description"] = Description,
            ["datasource"] = GrafanaDashboard.Datasource(),
            ["gridPos"] = new JsonObject { ["h"] = Height, ["w"] = Width, ["x"] = x, ["y"] = y },
            ["fieldConfig"] = new JsonObject { ["defaults"] = defaults, ["overrides"] = new JsonArray() },
            ["options"] = Options(),
            ["targets"] = new JsonArray([.. Queries.Select((q, i) => Target(q, i))]),
        };
        if (Repeat is { } variable)
        {
            panel["repeat"] = variable;
            panel["repeatDirection"] = "h";
            panel["maxPerRow"] = 3;
        }

        return panel;
    }

    private static JsonObject Target(PanelQuery query, int index) => new()
    {
        ["refId"] = ((char)('A' + index)).ToString(),
        ["datasource"] = GrafanaDashboard.Datasource(),
        ["expr"] = query.Expr,
        ["legendFormat"] = query.Legend,
        ["instant"] = query.Instant,
        ["range"] = !query.Instant,
        ["format"] = query.Format,
    };

    private JsonObject Options() => Type switch
    {
        "timeseries" => new JsonObject
        {
            ["legend"] = new JsonObject { ["displayMode"] = "table", ["placement"] = "bottom", ["showLegend"] = true, ["calcs"] = new JsonArray("mean", "max") },
            ["tooltip"] = new JsonObject { ["mode"] = "multi", ["sort"] = "desc" },
        },
        "heatmap" => new JsonObject
        {
            // Prometheus already buckets the data: draw its buckets rather than re-bucketing the series.
            ["calculate"] = false,
            ["yAxis"] = new JsonObject { ["unit"] = Unit },
            ["color"] = new JsonObject { ["mode"] = "scheme", ["scheme"] = "Oranges", ["exponent"] = 0.5 },
            ["cellGap"] = 1,
            ["tooltip"] = new JsonObject { ["show"] = true, ["yHistogram"] = true },
        },
        "bargauge" => new JsonObject { ["orientation"] = "horizontal", ["displayMode"] = "gradient", ["showUnfilled"] = true },
        "stat" => new JsonObject { ["colorMode"] = "value", ["graphMode"] = "none", ["reduceOptions"] = new JsonObject { ["calcs"] = new JsonArray("lastNotNull") } },
        _ => new JsonObject { ["showHeader"] = true },
    };
}
