using System.Text.Json;

namespace Modelplane.EndToEnd.Tests.Observability;

/// <summary>The real server, its output piped (as under systemd or in a container), writes one JSON object per log line.</summary>
[Collection(ScrapedServerGroup.Name)]
public sealed class StructuredLogTests(ScrapedServerFixture fixture)
{
    [Fact]
    public void Output_NotATerminal_EveryLogLineIsJsonWithLevelCategoryAndMessage()
    {
        var lines = fixture.Server.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.NotEmpty(lines);
        Assert.All(lines, line =>
        {
            using var entry = JsonDocument.Parse(line);
            var root = entry.RootElement;
            Assert.True(DateTimeOffset.TryParse(root.GetProperty("Timestamp").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _), line);
            Assert.False(string.IsNullOrEmpty(root.GetProperty("LogLevel").GetString()), line);
            Assert.False(string.IsNullOrEmpty(root.GetProperty("Category").GetString()), line);
            Assert.True(root.TryGetProperty("Message", out _), line);
        });
        Assert.Contains(lines, l => l.Contains("\"Now listening on: ", StringComparison.Ordinal));
    }

    [Fact]
    public void FirstStart_OutputNotATerminal_AdminTokenIsNotPrinted()
    {
        // The token is in the data directory's file; a piped output is a log pipeline that keeps what it gets.
        Assert.DoesNotContain(fixture.Server.AdminToken, fixture.Server.Output, StringComparison.Ordinal);
        Assert.Contains("admin token, saved to ", fixture.Server.Output, StringComparison.Ordinal);
    }
}
