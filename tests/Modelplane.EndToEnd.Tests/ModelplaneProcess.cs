using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Modelplane.EndToEnd.Tests;

/// <summary>
/// The real <c>modelplane</c> executable in its own process on a free loopback port, with its own data directory.
/// </summary>
public sealed class ModelplaneProcess : IAsyncDisposable
{
    private static readonly string Executable = Path.Combine(AppContext.BaseDirectory, "modelplane.dll");
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _stdout = new();
    private readonly IReadOnlyDictionary<string, string> _environment;
    private Process? _process;

    private ModelplaneProcess(string dataDirectory, int port, int grpcPort, IReadOnlyDictionary<string, string>? environment)
    {
        _environment = environment ?? new Dictionary<string, string>();
        DataDirectory = dataDirectory;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        GrpcAddress = new Uri($"http://127.0.0.1:{grpcPort}");
    }

    public string DataDirectory { get; }

    public Uri BaseAddress { get; }

    /// <summary>The HTTP/2 address of the gRPC service (each process gets its own port, so tests can run side by side).</summary>
    public Uri GrpcAddress { get; }

    /// <summary>The admin token the server's first start wrote to its data directory.</summary>
    public string AdminToken => File.ReadAllText(Path.Combine(DataDirectory, "admin-token")).Trim();

    /// <summary>An HTTP client for this server that sends the admin token (the caller disposes it).</summary>
    public HttpClient CreateHttpClient(TimeSpan? timeout = null)
    {
        var http = new HttpClient { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
        return http;
    }

    /// <summary>The server's operating-system process id, for reading its /proc entries.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("The process has not started.");

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>What the process wrote to stdout alone so far.</summary>
    public string StandardOutput
    {
        get
        {
            lock (_output)
            {
                return _stdout.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <c>modelplane server</c> (or another command taking --urls, --grpc-url and --data-dir) and waits until it is
    /// ready; <paramref name="environment"/> adds variables to its environment (on every restart too).
    /// </summary>
    public static async Task<ModelplaneProcess> StartAsync(
        string command = "server", string? dataDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var directory = dataDirectory ?? Directory.CreateTempSubdirectory("mp-e2e-").FullName;
        for (var attempt = 1; ; attempt++)
        {
            var process = new ModelplaneProcess(directory, FreePort(), FreePort(), environment);
            try
            {
                await process.RestartAsync(command);
                return process;
            }
            catch (InvalidOperationException ex) when (attempt < 3 && ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                // Another process took a port between FreePort choosing it and the server binding it: choose again.
            }
        }
    }

    /// <summary>Starts the process again on the same port and data directory (after <see cref="KillAsync"/>).</summary>
    public async Task RestartAsync(string command = "server")
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Several servers and the test runner share the CI machine's two cores; a server starved of CPU for 100 ms would
        // shed requests as overloaded (its purpose), which is not what these tests test. OverloadSheddingTests does.
        info.Environment["Modelplane__Serving__ShedQueueDelay"] = "00:00:00";
        foreach (var (name, value) in _environment)
        {
            info.Environment[name] = value;
        }

        foreach (var arg in new[] { Executable, command, "--urls", BaseAddress.AbsoluteUri.TrimEnd('/'), "--data-dir", DataDirectory, "--grpc-url", GrpcAddress.AbsoluteUri.TrimEnd('/') })
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data, stdout: true);
        _process.ErrorDataReceived += (_, e) => Append(e.Data, stdout: false);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilReadyAsync();
    }

    /// <summary>Kills the process without warning, as a crash or <c>kill -9</c> would.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Runs a CLI command against this server and returns its exit code and output.</summary>
    public async Task<(int ExitCode, string StdOut, string StdErr)> CliAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["MODELPLANE_SERVER"] = BaseAddress.AbsoluteUri.TrimEnd('/'), ["MODELPLANE_TOKEN"] = AdminToken },
        };
        info.ArgumentList.Add(Executable);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var cli = Process.Start(info)!;
        var stdout = cli.StandardOutput.ReadToEndAsync();
        var stderr = cli.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await cli.WaitForExitAsync(timeout.Token);
        return (cli.ExitCode, await stdout, await stderr);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"modelplane exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync("/v2/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"modelplane did not become ready within 60 s:\n{Output}");
    }

    private void Append(string? line, bool stdout)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            if (stdout)
            {
                _stdout.AppendLine(line);
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
