namespace Modelplane.Registry.Tracking.Search;

/// <summary>What an identifier in a filter refers to, from its prefix (<c>metrics.</c>, <c>params.</c>, <c>tags.</c>, <c>attributes.</c>).</summary>
public enum SearchEntity
{
    /// <summary>A column of the searched entity (<c>status</c>, <c>name</c>, <c>start_time</c>…); also an identifier without prefix.</summary>
    Attribute,

    /// <summary>A numeric metric, compared with numbers.</summary>
    Metric,

    /// <summary>A string param.</summary>
    Param,

    /// <summary>A string tag.</summary>
    Tag,
}

/// <summary>A comparison operator of the filter syntax.</summary>
public enum SearchOperator
{
    /// <summary><c>=</c></summary>
    Equal,

    /// <summary><c>!=</c> or <c>&lt;&gt;</c></summary>
    NotEqual,

    /// <summary><c>&gt;</c></summary>
    Greater,

    /// <summary><c>&gt;=</c></summary>
    GreaterOrEqual,

    /// <summary><c>&lt;</c></summary>
    Less,

    /// <summary><c>&lt;=</c></summary>
    LessOrEqual,

    /// <summary><c>LIKE</c>, case-sensitive, with <c>%</c> and <c>_</c> wildcards.</summary>
    Like,

    /// <summary><c>ILIKE</c>, case-insensitive.</summary>
    ILike,

    /// <summary><c>IN ('a', 'b')</c></summary>
    In,

    /// <summary><c>NOT IN ('a', 'b')</c></summary>
    NotIn,
}

/// <summary>An identifier such as <c>metrics.auc</c> or <c>tags."team name"</c>.</summary>
/// <param name="Position">Zero-based offset of the identifier in the text, for error messages.</param>
public sealed record SearchIdentifier(SearchEntity Entity, string Key, int Position);

/// <summary>A literal: a string, a number, or a parenthesised list of strings (for <c>IN</c>).</summary>
public sealed record SearchLiteral(string? Text, double? Number, IReadOnlyList<string>? List, int Position)
{
    /// <summary>The literal as the user wrote it, for error messages.</summary>
    public override string ToString() =>
        List is not null ? $"({string.Join(", ", List.Select(s => $"'{s}'"))})"
        : Number is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : $"'{Text}'";
}

/// <summary>One <c>identifier operator literal</c> term.</summary>
public sealed record SearchComparison(SearchIdentifier Identifier, SearchOperator Operator, SearchLiteral Value);

/// <summary>One <c>order_by</c> clause: an identifier and a direction.</summary>
public sealed record SearchOrder(SearchIdentifier Identifier, bool Descending)
{
    /// <summary>Parses <c>metrics.auc DESC</c>, <c>name</c>, <c>attributes.start_time ASC</c>.</summary>
    /// <exception cref="SearchFilterException">The clause is malformed; the message names the position.</exception>
    public static SearchOrder Parse(string clause) => new SearchParser(clause, "order_by clause").ParseOrder();
}

/// <summary>A filter string or order-by clause is malformed or names something that cannot be searched.</summary>
public sealed class SearchFilterException(string message, int position) : Exception(message)
{
    /// <summary>Zero-based offset of the offending token.</summary>
    public int Position { get; } = position;
}
