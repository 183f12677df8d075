using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Modelplane.EndToEnd.Tests.Observability;

/// <summary>
/// Debian's <c>prometheus</c> (installed by test.sh) on a free loopback port with its own config and storage in a temp
/// folder, scraping one target every second. Never the packaged service's :9090, which may run on the same machine.
/// </summary>
public sealed class PrometheusProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly string _directory;
    private Process? _process;

    private PrometheusProcess(string directory, int port)
    {
        _directory = directory;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri BaseAddress { get; }

    /// <summary>A client for Prometheus's HTTP API.</summary>
    public HttpClient Http { get; }

    /// <summary>The job name the target is scraped under (the <c>job</c> label).</summary>
    public const string Job = "modelplane";

    /// <summary>Starts Prometheus scraping <paramref name="target"/>'s <c>/metrics</c> with a bearer token, and waits until it is ready.</summary>
    public static async Task<PrometheusProcess> StartAsync(Uri target, string token)
    {
        var directory = Directory.CreateTempSubdirectory("mp-prometheus-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "prometheus.yml"), string.Create(CultureInfo.InvariantCulture, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: {Job}
                metrics_path: /metrics
                authorization:
                  credentials: '{token}'
                static_configs:
                  - targets: ['{target.Authority}']
            """));
        for (var attempt = 1; ; attempt++)
        {
            var prometheus = new PrometheusProcess(directory, FreePort());
            try
            {
                await prometheus.StartAsync();
                return prometheus;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Most likely another process took the port between choosing and binding it: choose again.
                await prometheus.StopAsync();
            }
        }
    }

    /// <summary>Runs an instant query; returns the HTTP status and the response document.</summary>
    public async Task<(HttpStatusCode Status, JsonDocument Body)> QueryAsync(string expr)
    {
        using var response = await Http.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(expr));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Http.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task StartAsync()
    {
        var info = new ProcessStartInfo("prometheus") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "--config.file=" + Path.Combine(_directory, "prometheus.yml"),
            "--storage.tsdb.path=" + Path.Combine(_directory, "data"),
            "--web.listen-address=" + BaseAddress.Authority,
            "--log.level=warn",
        })
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var ready = await Http.GetAsync("/-/ready");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"prometheus was not ready within 30 s:\n{Output}");
    }

    private async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
