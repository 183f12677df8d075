using System.Text;
using System.Text.RegularExpressions;
using Spectre.Console;

namespace Modelplane.Cli.Cards;

/// <summary>
/// Renders the Markdown of a model card as terminal text (Spectre markup): headings bold, bullets as •, code indented,
/// emphasis markers dropped. Enough for cards; not a full CommonMark implementation.
/// </summary>
internal static partial class MarkdownText
{
    /// <summary>Converts Markdown to Spectre markup lines.</summary>
    public static IReadOnlyList<string> ToMarkup(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var lines = new List<string>();
        var inCode = false;
        foreach (var raw in markdown.ReplaceLineEndings("\n").Split('\n'))
        {
            if (raw.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                continue;
            }

            lines.Add(inCode ? $"    [grey]{raw.EscapeMarkup()}[/]" : Line(raw));
        }

        return lines;
    }

    private static string Line(string raw)
    {
        var line = raw.TrimEnd();
        if (Heading().Match(line) is { Success: true } heading)
        {
            var text = Inline(heading.Groups[2].Value);
            return heading.Groups[1].Length == 1 ? $"[bold underline]{text.ToUpperInvariant()}[/]" : $"[bold]{text}[/]";
        }

        if (Bullet().Match(line) is { Success: true } bullet)
        {
            return $"{new string(' ', bullet.Groups[1].Length)}  • {Inline(bullet.Groups[2].Value)}";
        }

        if (Numbered().Match(line) is { Success: true } numbered)
        {
            return $"{new string(' ', numbered.Groups[1].Length)}  {numbered.Groups[2].Value}. {Inline(numbered.Groups[3].Value)}";
        }

        return line.StartsWith('>') ? $"  │ [italic]{Inline(line.TrimStart('>', ' '))}[/]" : Inline(line);
    }

    // Drops emphasis and code markers and shows a link as "text (url)"; everything is escaped for Spectre.
    private static string Inline(string text)
    {
        var plain = Link().Replace(text, "$1 ($2)");
        var builder = new StringBuilder(plain.Length);
        foreach (var c in plain)
        {
            if (c is not ('*' or '`'))
            {
                builder.Append(c);
            }
        }

        return builder.ToString().EscapeMarkup();
    }

    [GeneratedRegex(@"^(#{1,6})\s+(.*)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^(\s*)[-*+]\s+(.*)$")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"^(\s*)(\d+)[.)]\s+(.*)$")]
    private static partial Regex Numbered();

    [GeneratedRegex(@"\[([^\]]+)\]\(([^)]+)\)")]
    private static partial Regex Link();
}
