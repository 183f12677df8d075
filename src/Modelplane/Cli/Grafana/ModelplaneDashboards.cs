namespace Modelplane.Cli.Grafana;

/// <summary>The dashboards <c>modelplane export grafana</c> writes, each with the file name it is written to.</summary>
internal static class ModelplaneDashboards
{
    /// <summary>File name and builder of every dashboard, in the order they are written.</summary>
    public static IReadOnlyList<(string FileName, Func<GrafanaDashboard> Build)> All { get; } =
    [
        ("executive.json", ExecutiveDashboard.Build),
        ("on-call.json", OnCallDashboard.Build),
        ("debug.json", DebugDashboard.Build),
    ];
}
