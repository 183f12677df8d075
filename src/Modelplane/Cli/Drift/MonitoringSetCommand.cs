using System.CommandLine;
using System.Globalization;
using Modelplane.Client.Contracts;

namespace Modelplane.Cli.Drift;

/// <summary><c>modelplane monitoring set ENDPOINT</c>: changes the settings given and keeps the others.</summary>
internal static class MonitoringSetCommand
{
    /// <summary>Builds <c>monitoring set</c>.</summary>
    public static Command Build(CliEnvironment env)
    {
        var endpoint = new Argument<string>("ENDPOINT") { Description = "An existing endpoint" };
        var rows = new Option<long?>("--window-rows") { Description = "Close a window after this many rows (at least 1)", HelpName = "N" };
        var duration = new Option<string?>("--window-duration") { Description = "Close a window after this long: 30m, 1h, 1d (1s to 30d)", HelpName = "DURATION" };
        var noRows = new Option<bool>("--no-window-rows") { Description = "Close windows by time only" };
        var noDuration = new Option<bool>("--no-window-duration") { Description = "Close windows by rows only" };
        var consecutive = new Option<int?>("--consecutive") { Description = "Drifting windows in a row before a drift alert fires (at least 1)", HelpName = "K" };
        var psiWarning = new Option<double?>("--psi-warning") { Description = "PSI at or above which a feature warns (default 0.1)", HelpName = "X" };
        var psiAlert = new Option<double?>("--psi-alert") { Description = "PSI at or above which a feature drifts (default 0.25)", HelpName = "X" };
        var alpha = new Option<double?>("--alpha") { Description = "Significance of the KS and chi-square tests before the correction for the number of features (default 0.05)", HelpName = "P" };
        var minRows = new Option<long?>("--min-rows") { Description = "Fewest rows a window needs to be judged; smaller ones are 'insufficient data' (default 100)", HelpName = "N" };
        var enable = new Option<bool>("--enable") { Description = "Count windows and judge drift" };
        var disable = new Option<bool>("--disable") { Description = "Stop counting windows (closed windows are kept)" };
        var command = new Command("set", "Change an endpoint's monitoring settings; those not given keep their value.")
        {
            endpoint, rows, duration, noRows, noDuration, consecutive, psiWarning, psiAlert, alpha, minRows, enable, disable,
        }.WithExamples(
            "modelplane monitoring set churn --window-rows 1000 --window-duration 1h",
            "modelplane monitoring set churn --window-duration 1d --no-window-rows --consecutive 3",
            "modelplane monitoring set churn --psi-warning 0.15 --psi-alert 0.3 --min-rows 500",
            "modelplane monitoring set churn --disable");
        ClientCommand.Configure(env, command, async (parse, client, output, ct) =>
        {
            var name = parse.GetRequiredValue(endpoint);
            var request = new SetMonitoringRequest(
                Enabled: Switch(parse.GetValue(enable), parse.GetValue(disable)),
                WindowRows: Either("--window-rows", parse.GetValue(rows), "--no-window-rows", parse.GetValue(noRows)) is { } r
                    ? AtLeast("--window-rows", r, 1, "; to close windows by time only, use --no-window-rows")
                    : null,
                WindowDuration: Either("--window-duration", parse.GetValue(duration), "--no-window-duration", parse.GetValue(noDuration)) is { } d
                    ? MonitoringFormat.ServerDuration("--window-duration", d)
                    : null,
                ConsecutiveWindows: parse.GetValue(consecutive) is { } k ? (int)AtLeast("--consecutive", k, 1, "") : null,
                ClearWindowRows: parse.GetValue(noRows),
                ClearWindowDuration: parse.GetValue(noDuration));
            if (request.ClearWindowRows && request.ClearWindowDuration)
            {
                throw new UsageException("--no-window-rows with --no-window-duration would never close a window; keep one of them.");
            }

            var thresholds = new DriftThresholdsDto(
                PsiWarning: NonNegative("--psi-warning", parse.GetValue(psiWarning)),
                PsiAlert: NonNegative("--psi-alert", parse.GetValue(psiAlert)),
                PValueAlpha: parse.GetValue(alpha) is { } a ? a is > 0 and < 1 ? a : throw new UsageException($"--alpha {Number(a)} must be between 0 and 1.") : null,
                MinRows: parse.GetValue(minRows) is { } m ? AtLeast("--min-rows", m, 1, "") : null);
            if (thresholds is { PsiWarning: { } warn, PsiAlert: { } alert } && warn > alert)
            {
                throw new UsageException($"--psi-warning {Number(warn)} is above --psi-alert {Number(alert)}; a feature must warn before it drifts.");
            }

            if (thresholds != new DriftThresholdsDto())
            {
                // The thresholds travel as one object; starting from the current ones keeps per-feature levels and the
                // levels not given, whatever the server does with a partial object.
                var current = (await client.GetMonitoringAsync(name, ct)).Thresholds;
                request = request with
                {
                    Thresholds = current with
                    {
                        PsiWarning = thresholds.PsiWarning ?? current.PsiWarning,
                        PsiAlert = thresholds.PsiAlert ?? current.PsiAlert,
                        PValueAlpha = thresholds.PValueAlpha ?? current.PValueAlpha,
                        MinRows = thresholds.MinRows ?? current.MinRows,
                    },
                };
            }
            else if (request == new SetMonitoringRequest())
            {
                throw new UsageException("Nothing to change: give at least one setting, e.g. --window-rows 1000 or --enable.");
            }

            MonitoringCommands.Write(output, await client.SetMonitoringAsync(name, request, ct));
            return ExitCodes.Success;
        }, MonitoringCommands.Hint);
        return command;
    }

    private static bool? Switch(bool on, bool off) => (on, off) switch
    {
        (true, true) => throw new UsageException("Give --enable or --disable, not both."),
        (true, false) => true,
        (false, true) => false,
        _ => null,
    };

    private static T? Either<T>(string option, T? value, string clear, bool clearing)
        => value is not null && clearing ? throw new UsageException($"Give {option} or {clear}, not both.") : value;

    private static long AtLeast(string option, long value, long least, string advice)
        => value >= least ? value : throw new UsageException($"{option} {value} must be at least {least}{advice}.");

    private static double? NonNegative(string option, double? value)
        => value is < 0 or double.NaN ? throw new UsageException($"{option} {Number(value!.Value)} must be 0 or more.") : value;

    private static string Number(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}
