using System.Text;
using Dapper;
using Modelplane.Registry.Tracking.Search;

namespace Modelplane.Registry.Storage.Sqlite.Tracking;

/// <summary>An attribute that may appear in a filter or order_by: its SQL column and whether it holds numbers.</summary>
internal sealed record SearchColumn(string Sql, bool Numeric);

/// <summary>
/// A comparison the searched entity handles itself (an alias, a time given as text); returns the SQL condition,
/// or null to let the translator handle it; <paramref name="translator"/> adds parameters and builds comparisons.
/// </summary>
internal delegate string? SearchConditionHook(SearchComparison comparison, SqliteSearchTranslator translator);

/// <summary>How a comparison over a side table (<c>metrics.</c>, <c>params.</c>, <c>tags.</c>) tests an owner row.</summary>
internal enum SideTableMatch
{
    /// <summary>The owner's key IN the side table's matching keys: the (key, value) index finds the set once.</summary>
    In,

    /// <summary>A correlated EXISTS: one primary-key probe per owner row, cheap when the query walks an order index and stops early.</summary>
    Exists,
}

/// <summary>
/// Turns a <see cref="SearchFilter"/> into SQLite conditions over one table aliased <c>owner</c>. Every value
/// becomes a parameter; only column names from the fixed <see cref="SearchColumn"/> map reach the SQL text.
/// </summary>
/// <param name="ownerKey">The owner's key columns, comma-separated (<c>run_uuid</c>, or <c>model, version</c>); the side tables use the same names.</param>
/// <param name="metricsHaveNanFlag">Whether the metrics table has an <c>is_nan</c> column (MLflow metrics may be NaN).</param>
/// <param name="probeOwnerKey">
/// Mark the owner's key with unary <c>+</c> in IN conditions, so SQLite walks the ORDER BY index and probes
/// the matching set instead of fetching every match by key and sorting them (model versions: pages of a large set).
/// </param>
/// <param name="sideTables">How side-table comparisons test an owner row.</param>
internal sealed class SqliteSearchTranslator(
    string what,
    string filterText,
    string ownerKey,
    IReadOnlyDictionary<string, SearchColumn> attributes,
    string? metricsTable,
    string? paramsTable,
    string tagsTable,
    bool metricsHaveNanFlag = true,
    SearchConditionHook? hook = null,
    bool probeOwnerKey = false,
    SideTableMatch sideTables = SideTableMatch.In)
{
    private readonly string[] _keys = ownerKey.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public DynamicParameters Parameters { get; } = new();

    private int _count;

    /// <param name="skip">A comparison the caller answers itself (the side table a query is driven from); matched by reference.</param>
    public string Where(SearchFilter filter, SearchComparison? skip = null)
    {
        var sql = new StringBuilder("1 = 1");
        foreach (var c in filter.Comparisons)
        {
            if (!ReferenceEquals(c, skip))
            {
                sql.Append(" AND ").Append(Condition(c));
            }
        }

        return sql.ToString();
    }

    /// <summary>The side table a comparison is answered from, or null for attributes.</summary>
    public string? SideTable(SearchComparison c) => c.Identifier.Entity switch
    {
        SearchEntity.Metric => metricsTable,
        SearchEntity.Param => paramsTable,
        SearchEntity.Tag => tagsTable,
        _ => null,
    };

    /// <summary>The condition on side-table rows aliased <paramref name="alias"/> that match a comparison: its key and value.</summary>
    public string SideMatch(SearchComparison c, string alias)
    {
        ArgumentNullException.ThrowIfNull(c);
        var nan = c.Identifier.Entity == SearchEntity.Metric && metricsHaveNanFlag ? $" AND {alias}.is_nan = 0" : "";
        return $"{alias}.key = {Add(c.Identifier.Key)}{nan} AND {Compare($"{alias}.value", c)}";
    }

    public string OrderBy(IReadOnlyList<string>? clauses, string tieBreakers)
    {
        var sql = new StringBuilder();
        foreach (var clause in clauses ?? [])
        {
            var order = SearchOrder.Parse(clause);
            var expression = ValueOf(order.Identifier, forOrder: true);
            var direction = order.Descending ? "DESC" : "ASC";

            // Entities without the value sort last in both directions, as in MLflow.
            sql.Append($"({expression}) IS NULL, ({expression}) {direction}, ");
        }

        return sql.Append(tieBreakers).ToString();
    }

    /// <summary>Adds a value as a parameter and returns its name, for conditions built outside the translator.</summary>
    public string Parameter(object value) => Add(value);

    /// <summary>The owner's key columns prefixed with <paramref name="alias"/>: <c>(owner.model, owner.version)</c>.</summary>
    public string KeyTuple(string alias)
    {
        var plus = probeOwnerKey ? "+" : "";
        return _keys.Length == 1 ? $"{plus}{alias}.{_keys[0]}" : $"({string.Join(", ", _keys.Select(k => $"{plus}{alias}.{k}"))})";
    }

    private string Condition(SearchComparison c)
    {
        var id = c.Identifier;
        if (hook?.Invoke(c, this) is { } custom)
        {
            return custom;
        }

        if (SideTable(c) is { } table)
        {
            return sideTables == SideTableMatch.Exists
                ? $"EXISTS (SELECT 1 FROM {table} x WHERE {Join()} AND {SideMatch(c, "x")})"
                : $"{KeyTuple("owner")} IN (SELECT {Keys("x")} FROM {table} x WHERE {SideMatch(c, "x")})";
        }

        switch (id.Entity)
        {
            case SearchEntity.Attribute:
                var column = Attribute(id);
                if (column.Numeric && (c.Value.Number is null || c.Operator is SearchOperator.Like or SearchOperator.ILike or SearchOperator.In or SearchOperator.NotIn))
                {
                    throw Error(c.Value.Position, $"attribute '{id.Key}' is numeric; compare it with a number using =, !=, >, >=, <, <=");
                }

                if (!column.Numeric && c.Value.Number is not null)
                {
                    throw Error(c.Value.Position, $"attribute '{id.Key}' is a string; compare it with a quoted string");
                }

                if (!column.Numeric && c.Operator is SearchOperator.Greater or SearchOperator.GreaterOrEqual or SearchOperator.Less or SearchOperator.LessOrEqual)
                {
                    throw Error(id.Position, $"attribute '{id.Key}' is a string; use =, !=, LIKE, ILIKE, IN or NOT IN");
                }

                return Compare($"owner.{column.Sql}", c);
            default:
                throw Error(id.Position, $"{id.Entity.ToString().ToLowerInvariant()}s cannot be searched here");
        }
    }

    private string Keys(string alias) => string.Join(", ", _keys.Select(k => $"{alias}.{k}"));

    private string Join() => string.Join(" AND ", _keys.Select(k => $"x.{k} = owner.{k}"));

    private string ValueOf(SearchIdentifier id, bool forOrder) => id.Entity switch
    {
        SearchEntity.Metric when metricsTable is not null =>
            $"SELECT {(metricsHaveNanFlag ? "CASE WHEN x.is_nan = 1 THEN NULL ELSE x.value END" : "x.value")} FROM {metricsTable} x WHERE {Join()} AND x.key = {Add(id.Key)}",
        SearchEntity.Param when paramsTable is not null =>
            $"SELECT x.value FROM {paramsTable} x WHERE {Join()} AND x.key = {Add(id.Key)}",
        SearchEntity.Tag => $"SELECT x.value FROM {tagsTable} x WHERE {Join()} AND x.key = {Add(id.Key)}",
        SearchEntity.Attribute => "owner." + Attribute(id).Sql,
        _ => throw Error(id.Position, $"{id.Entity.ToString().ToLowerInvariant()}s cannot be {(forOrder ? "ordered by" : "searched")} here"),
    };

    private SearchColumn Attribute(SearchIdentifier id) =>
        attributes.TryGetValue(id.Key, out var column)
            ? column
            : throw Error(id.Position, $"unknown attribute '{id.Key}'; expected one of {string.Join(", ", attributes.Keys)}");

    /// <summary>The comparison's operator and value (as a parameter) applied to <paramref name="column"/>.</summary>
    public string Compare(string column, SearchComparison c) => c.Operator switch
    {
        SearchOperator.Equal => $"{column} = {Add(c.Value)}",
        SearchOperator.NotEqual => $"{column} != {Add(c.Value)}",
        SearchOperator.Greater => $"{column} > {Add(c.Value)}",
        SearchOperator.GreaterOrEqual => $"{column} >= {Add(c.Value)}",
        SearchOperator.Less => $"{column} < {Add(c.Value)}",
        SearchOperator.LessOrEqual => $"{column} <= {Add(c.Value)}",

        // SQLite's LIKE ignores ASCII case; MLflow's LIKE does not, so it becomes GLOB.
        SearchOperator.Like => $"{column} GLOB {Add(LikeToGlob(c.Value.Text!))}",
        SearchOperator.ILike => $"lower({column}) LIKE lower({Add(c.Value.Text!)})",
        SearchOperator.In => $"{column} IN {Add(c.Value.List!)}",
        _ => $"{column} NOT IN {Add(c.Value.List!)}",
    };

    private string Add(SearchLiteral literal) => literal.Number is { } n ? Add(n) : Add(literal.Text!);

    private string Add(object value)
    {
        var name = $"@f{_count++}";
        Parameters.Add(name, value);
        return name;
    }

    /// <summary>An error in the same words as the parser's, naming the position.</summary>
    public SearchFilterException Error(int position, string problem) =>
        new($"Invalid {what} '{filterText}': {problem} at position {position}.", position);

    // GLOB's own wildcards and brackets are literal in a LIKE pattern, so they are wrapped in [ ].
    internal static string LikeToGlob(string pattern)
    {
        var glob = new StringBuilder(pattern.Length);
        foreach (var ch in pattern)
        {
            glob.Append(ch switch
            {
                '%' => "*",
                '_' => "?",
                '*' or '?' or '[' => $"[{ch}]",
                _ => ch.ToString(),
            });
        }

        return glob.ToString();
    }
}
