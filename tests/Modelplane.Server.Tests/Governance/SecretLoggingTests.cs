using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Modelplane.Governance.Secrets;

namespace Modelplane.Server.Tests.Governance;

/// <summary>A secret's value appears in no log line, at any level, while it is set, rotated, listed, resolved and deleted.</summary>
public sealed class SecretLoggingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SetRotateListResolveDelete_AllLogLevels_ValueInNoLogLine()
    {
        const string value = "p4ss-NEVER-LOGGED-7f3c";
        const string rotated = "r0tated-NEVER-LOGGED-91ab";
        using var app = new LogCapturingAppFactory();
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.Created, await PutAsync(client, "db-password", value));
        Assert.Equal(HttpStatusCode.OK, await PutAsync(client, "db-password", rotated));
        await client.GetStringAsync("/api/v1/secrets", Ct);
        var resolved = await app.Services.GetRequiredService<ISecretResolver>().ResolveAsync("default", "db-password", Ct);
        using var deleted = await client.DeleteAsync("/api/v1/secrets/db-password", Ct);

        var lines = app.Lines.ToArray();
        Assert.Equal(rotated, resolved);
        Assert.Contains(lines, l => l.Contains("db-password", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(value, StringComparison.Ordinal) || l.Contains(rotated, StringComparison.Ordinal));
    }

    private static async Task<HttpStatusCode> PutAsync(HttpClient client, string name, string value)
    {
        using var content = new StringContent($$"""{"value":"{{value}}"}""", Encoding.UTF8, "application/json");
        using var response = await client.PutAsync($"/api/v1/secrets/{name}", content, Ct);
        return response.StatusCode;
    }

    private sealed class LogCapturingAppFactory : ModelplaneAppFactory
    {
        private readonly LineLoggerProvider _provider = new();

        public ConcurrentQueue<string> Lines => _provider.Lines;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging =>
            {
                logging.SetMinimumLevel(LogLevel.Trace);
                logging.AddFilter(_ => true);
                logging.AddProvider(_provider);
            });
        }
    }

    private sealed class LineLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new LineLogger(categoryName, Lines);

        public void Dispose()
        {
        }
    }

    private sealed class LineLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {state} {exception}");
    }
}
