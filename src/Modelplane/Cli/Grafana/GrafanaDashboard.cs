using System.Text.Json.Nodes;

namespace Modelplane.Cli.Grafana;

/// <summary>
/// Builds one Grafana dashboard (schema 39) in reading order: rows and panels are laid out left to right, wrapping at
/// the grid's 24 columns, so the definitions say what is shown and never where.
/// </summary>
internal sealed class GrafanaDashboard(string uid, string title, string description, string timeFrom)
{
    /// <summary>The schema version written (Grafana 10.4 and 11 read it as their own).</summary>
    public const int SchemaVersion = 39;

    private const int GridWidth = 24;

    private readonly JsonArray _panels = [];
    private readonly JsonArray _variables = [DatasourceVariable()];
    private int _x;
    private int _y;
    private int _lineHeight;

    /// <summary>The stable id Grafana keys the dashboard by (importing again replaces it).</summary>
    public string Uid => uid;

    /// <summary>The prometheus data source the panels query: the dashboard's <c>datasource</c> variable.</summary>
    public static JsonObject Datasource() => new() { ["type"] = "prometheus", ["uid"] = "${datasource}" };

    /// <summary>Adds a query variable filled from <c>label_values(...)</c>, multi-valued with an "All" that matches everything.</summary>
    public GrafanaDashboard Variable(string name, string label, string labelValuesQuery)
    {
        _variables.Add(new JsonObject
        {
            ["type"] = "query",
            ["name"] = name,
            ["label"] = label,
            ["datasource"] = Datasource(),
            ["definition"] = labelValuesQuery,
            ["query"] = new JsonObject { ["query"] = labelValuesQuery, ["refId"] = "StandardVariableQuery" },
            ["refresh"] = 2,
            ["sort"] = 1,
            ["multi"] = true,
            ["includeAll"] = true,
            ["allValue"] = ".*",
            ["current"] = new JsonObject { ["selected"] = true, ["text"] = new JsonArray("All"), ["value"] = new JsonArray("$__all") },
            ["hide"] = 0,
        });
        return this;
    }

    /// <summary>Starts a new full-width row titled <paramref name="rowTitle"/>.</summary>
    public GrafanaDashboard Row(string rowTitle)
    {
        NewLine();
        _panels.Add(new JsonObject
        {
            ["id"] = _panels.Count + 1,
            ["type"] = "row",
            ["title"] = rowTitle,
            ["collapsed"] = false,
            ["gridPos"] = new JsonObject { ["h"] = 1, ["w"] = GridWidth, ["x"] = 0, ["y"] = _y },
            ["panels"] = new JsonArray(),
        });
        _y++;
        return this;
    }

    /// <summary>Places <paramref name="panel"/> after the previous one, on a new line when it does not fit.</summary>
    public GrafanaDashboard Add(GrafanaPanel panel)
    {
        if (_x + panel.Width > GridWidth)
        {
            NewLine();
        }

        _panels.Add(panel.ToJson(_panels.Count + 1, _x, _y));
        _x += panel.Width;
        _lineHeight = Math.Max(_lineHeight, panel.Height);
        return this;
    }

    /// <summary>The dashboard as Grafana's JSON model, ready for import or file provisioning.</summary>
    public JsonObject ToJson() => new()
    {
        ["uid"] = uid,
        ["title"] = title,
        ["description"] = description,
        ["tags"] = new JsonArray("modelplane"),
        ["schemaVersion"] = SchemaVersion,
        ["version"] = 1,
        ["editable"] = true,
        ["graphTooltip"] = 1,
        ["timezone"] = "browser",
        ["refresh"] = "30s",
        ["time"] = new JsonObject { ["from"] = timeFrom, ["to"] = "now" },
        // The three dashboards link to each other through their shared tag.
        ["links"] = new JsonArray(new JsonObject
        {
            ["type"] = "dashboards",
            ["title"] = "Modelplane",
            ["tags"] = new JsonArray("modelplane"),
            ["asDropdown"] = true,
            ["includeVars"] = true,
            ["keepTime"] = true,
        }),
        ["annotations"] = new JsonObject
        {
            ["list"] = new JsonArray(new JsonObject
            {
                ["builtIn"] = 1,
                ["type"] = "dashboard",
                ["name"] = "Annotations & Alerts",
                ["datasource"] = new JsonObject { ["type"] = "grafana", ["uid"] = "-- Grafana --" },
                ["enable"] = true,
                ["hide"] = true,
                ["iconColor"] = "rgba(0, 211, 255, 1)",
            }),
        },
        ["templating"] = new JsonObject { ["list"] = _variables.DeepClone() },
        ["panels"] = _panels.DeepClone(),
    };

    private void NewLine()
    {
        _y += _lineHeight;
        _x = 0;
        _lineHeight = 0;
    }

    private static JsonObject DatasourceVariable() => new()
    {
        ["type"] = "datasource",
        ["name"] = "datasource",
        ["label"] = "Data source",
        ["query"] = "prometheus",
        ["refresh"] = 1,
        ["hide"] = 0,
        ["current"] = new JsonObject(),
    };
}
