using System.Globalization;
using Modelplane.Registry.Models;
using Modelplane.Registry.Storage.Sqlite.Tracking;
using Modelplane.Registry.Tracking.Search;

namespace Modelplane.Registry.Storage.Sqlite.Search;

/// <summary>What a version filter may name, and the attributes that need more than a column comparison.</summary>
internal static class VersionFilter
{
    // alias, approval and status are answered by Hook; they are listed so "unknown attribute" names them too.
    public static readonly Dictionary<string, SearchColumn> Attributes = new(StringComparer.Ordinal)
    {
        ["name"] = new("model", false),
        ["version"] = new("version", true),
        ["created"] = new("created_at", true),
        ["alias"] = new("model", false),
        ["approval"] = new("approval_status", false),
        ["status"] = new("approval_status", false),
    };

    /// <param name="probeOwnerKey">
    /// True when the query walks the order index (alias sets become probes of a list); false when SQLite should
    /// fetch the matches by key (counts, and pages driven from a side table).
    /// </param>
    /// <param name="sideTables">How tags./metrics./params. comparisons test a version.</param>
    public static SqliteSearchTranslator Translator(string? filter, bool probeOwnerKey, SideTableMatch sideTables) => new(
        "filter", filter ?? "", "model, version", Attributes,
        "model_version_metrics", "model_version_params", "model_version_tags", metricsHaveNanFlag: false, hook: Hook,
        probeOwnerKey: probeOwnerKey, sideTables: sideTables);

    private static string? Hook(SearchComparison c, SqliteSearchTranslator t)
    {
        if (c.Identifier.Entity != SearchEntity.Attribute)
        {
            return null;
        }

        return c.Identifier.Key switch
        {
            "alias" => Alias(c, t),
            "approval" or "status" => Approval(c, t),
            "created" when c.Value.Text is { } text => Created(c, text, t),
            _ => null,
        };
    }

    // "alias = 'champion'" is about the versions an alias points at; != and NOT IN are the versions outside that set.
    private static string Alias(SearchComparison c, SqliteSearchTranslator t)
    {
        var (negated, positive) = c.Operator switch
        {
            SearchOperator.NotEqual => (true, c with { Operator = SearchOperator.Equal }),
            SearchOperator.NotIn => (true, c with { Operator = SearchOperator.In }),
            SearchOperator.Equal or SearchOperator.In or SearchOperator.Like or SearchOperator.ILike => (false, c),
            _ => throw t.Error(c.Identifier.Position, "attribute 'alias' is a string; use =, !=, LIKE, ILIKE, IN or NOT IN"),
        };
        if (c.Value.Number is not null)
        {
            throw t.Error(c.Value.Position, "attribute 'alias' is compared with a quoted string");
        }

        return $"{t.KeyTuple("owner")} {(negated ? "NOT IN" : "IN")} (SELECT a.model, a.version FROM model_aliases a WHERE {t.Compare("a.alias", positive)})";
    }

    private static string? Approval(SearchComparison c, SqliteSearchTranslator t)
    {
        if (c.Operator is not (SearchOperator.Equal or SearchOperator.NotEqual or SearchOperator.In or SearchOperator.NotIn))
        {
            return null;
        }

        // A misspelt status would silently match nothing, so the values are checked.
        var values = c.Value.List ?? [c.Value.Text ?? ""];
        var names = values.Select(v => VersionApproval.TryParse(v, out var status)
            ? VersionApproval.Name(status)
            : throw t.Error(c.Value.Position, $"'{v}' is not an approval status; expected pending, approved or rejected")).ToList();
        var literal = c.Value.List is null ? c.Value with { Text = names[0] } : c.Value with { List = names };
        return t.Compare("owner.approval_status", c with { Value = literal });
    }

    private static string Created(SearchComparison c, string text, SqliteSearchTranslator t)
    {
        if (c.Operator is SearchOperator.Like or SearchOperator.ILike or SearchOperator.In or SearchOperator.NotIn)
        {
            throw t.Error(c.Identifier.Position, "attribute 'created' is a time; compare it with =, !=, >, >=, <, <=");
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            throw t.Error(c.Value.Position, $"'{text}' is not a time; use epoch milliseconds or ISO 8601 such as '2026-03-01T12:00:00Z'");
        }

        var millis = (double)at.ToUnixTimeMilliseconds();
        return t.Compare("owner.created_at", c with { Value = c.Value with { Text = null, Number = millis } });
    }
}
