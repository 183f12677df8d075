using System.Globalization;

namespace Modelplane.Registry.Tracking.Search;

/// <summary>Recursive descent over the tokens: <c>filter := comparison (AND comparison)*</c>, <c>comparison := identifier operator literal</c>.</summary>
internal sealed class SearchParser
{
    private readonly string _text;
    private readonly string _what;
    private readonly List<Token> _tokens;
    private int _next;

    public SearchParser(string text, string what)
    {
        _text = text;
        _what = what;
        _tokens = SearchTokenizer.Tokenize(text, what);
    }

    private Token Current => _tokens[_next];

    public SearchFilter ParseFilter()
    {
        var comparisons = new List<SearchComparison> { ParseComparison() };
        while (Current.Kind != TokenKind.End)
        {
            if (IsKeyword(Current, "or"))
            {
                throw Error(Current, "OR is not supported; only AND joins comparisons");
            }

            if (!IsKeyword(Current, "and"))
            {
                throw Error(Current, $"expected AND or the end, found {Describe(Current)}");
            }

            _next++;
            comparisons.Add(ParseComparison());
        }

        return new SearchFilter(comparisons);
    }

    public SearchOrder ParseOrder()
    {
        var identifier = ParseIdentifier();
        var descending = false;
        if (IsKeyword(Current, "desc") || IsKeyword(Current, "asc"))
        {
            descending = IsKeyword(Current, "desc");
            _next++;
        }

        return Current.Kind == TokenKind.End
            ? new SearchOrder(identifier, descending)
            : throw Error(Current, $"expected ASC, DESC or the end, found {Describe(Current)}");
    }

    private SearchComparison ParseComparison()
    {
        var identifier = ParseIdentifier();
        var (op, opToken) = ParseOperator();
        var literal = op is SearchOperator.In or SearchOperator.NotIn ? ParseList() : ParseScalar();
        var comparison = new SearchComparison(identifier, op, literal);
        CheckTypes(comparison, opToken);
        return comparison;
    }

    private SearchIdentifier ParseIdentifier()
    {
        var token = Current;
        if (token.Kind == TokenKind.Quoted && token.Quote is '"' or '`')
        {
            _next++;
            return new SearchIdentifier(SearchEntity.Attribute, token.Text, token.Position);
        }

        if (token.Kind != TokenKind.Word || IsReserved(token))
        {
            throw Error(token, $"expected an identifier such as metrics.auc, params.name, tags.key or attributes.status, found {Describe(token)}");
        }

        _next++;
        var dot = token.Text.IndexOf('.', StringComparison.Ordinal);
        var entity = dot > 0 ? EntityOf(token.Text[..dot]) : null;
        if (entity is null)
        {
            return new SearchIdentifier(SearchEntity.Attribute, token.Text, token.Position);
        }

        var key = token.Text[(dot + 1)..];
        if (key.Length > 0)
        {
            return new SearchIdentifier(entity.Value, key, token.Position);
        }

        // metrics."key with spaces" or tags.`mlflow.runName`: the prefix word ends with the dot.
        if (Current.Kind == TokenKind.Quoted && Current.Quote is '"' or '`' && Current.Position == token.Position + token.Text.Length)
        {
            var quoted = Current;
            _next++;
            return quoted.Text.Length > 0
                ? new SearchIdentifier(entity.Value, quoted.Text, token.Position)
                : throw Error(quoted, "the key is empty");
        }

        throw Error(Current, $"expected a key after '{token.Text}', found {Describe(Current)}");
    }

    private (SearchOperator, Token) ParseOperator()
    {
        var token = Current;
        _next++;
        if (token.Kind == TokenKind.Operator)
        {
            return (token.Text switch
            {
                "=" or "==" => SearchOperator.Equal,
                "!=" or "<>" => SearchOperator.NotEqual,
                ">" => SearchOperator.Greater,
                ">=" => SearchOperator.GreaterOrEqual,
                "<" => SearchOperator.Less,
                _ => SearchOperator.LessOrEqual,
            }, token);
        }

        if (IsKeyword(token, "like"))
        {
            return (SearchOperator.Like, token);
        }

        if (IsKeyword(token, "ilike"))
        {
            return (SearchOperator.ILike, token);
        }

        if (IsKeyword(token, "in"))
        {
            return (SearchOperator.In, token);
        }

        if (IsKeyword(token, "not") && IsKeyword(Current, "in"))
        {
            _next++;
            return (SearchOperator.NotIn, token);
        }

        throw Error(token, $"expected a comparison operator (=, !=, >, >=, <, <=, LIKE, ILIKE, IN, NOT IN), found {Describe(token)}");
    }

    private SearchLiteral ParseScalar()
    {
        var token = Current;
        _next++;
        return token.Kind switch
        {
            TokenKind.Quoted when token.Quote is '\'' or '"' => new SearchLiteral(token.Text, null, null, token.Position),
            TokenKind.Number => new SearchLiteral(null, double.Parse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture), null, token.Position),
            _ => throw Error(token, $"expected a quoted string or a number, found {Describe(token)}"),
        };
    }

    private SearchLiteral ParseList()
    {
        var open = Current;
        if (open.Kind != TokenKind.LeftParen)
        {
            throw Error(open, $"expected '(' to start a list of values, found {Describe(open)}");
        }

        _next++;
        var values = new List<string>();
        while (true)
        {
            var item = Current;
            if (item.Kind != TokenKind.Quoted || item.Quote == '`')
            {
                throw Error(item, $"expected a quoted string in the list, found {Describe(item)}");
            }

            values.Add(item.Text);
            _next++;
            var separator = Current;
            _next++;
            if (separator.Kind == TokenKind.RightParen)
            {
                return new SearchLiteral(null, null, values, open.Position);
            }

            if (separator.Kind != TokenKind.Comma)
            {
                throw Error(separator, $"expected ',' or ')' in the list, found {Describe(separator)}");
            }
        }
    }

    private void CheckTypes(SearchComparison c, Token opToken)
    {
        var isStringOperator = c.Operator is SearchOperator.Like or SearchOperator.ILike or SearchOperator.In or SearchOperator.NotIn;
        if (c.Identifier.Entity == SearchEntity.Metric && (isStringOperator || c.Value.Number is null))
        {
            throw Error(isStringOperator ? opToken : ValueToken(c), $"metric '{c.Identifier.Key}' is compared with numbers using =, !=, >, >=, <, <=");
        }

        if (c.Identifier.Entity is SearchEntity.Param or SearchEntity.Tag)
        {
            if (c.Operator is SearchOperator.Greater or SearchOperator.GreaterOrEqual or SearchOperator.Less or SearchOperator.LessOrEqual)
            {
                throw Error(opToken, $"{c.Identifier.Entity.ToString().ToLowerInvariant()} '{c.Identifier.Key}' is a string; use =, !=, LIKE, ILIKE, IN or NOT IN");
            }

            if (c.Value.Number is not null)
            {
                throw Error(ValueToken(c), $"{c.Identifier.Entity.ToString().ToLowerInvariant()} '{c.Identifier.Key}' is compared with a quoted string");
            }
        }

        if (c.Operator is SearchOperator.Like or SearchOperator.ILike && c.Value.Text is null)
        {
            throw Error(ValueToken(c), "LIKE and ILIKE need a quoted pattern");
        }
    }

    private Token ValueToken(SearchComparison c) => _tokens.First(t => t.Position == c.Value.Position);

    private SearchFilterException Error(Token at, string problem) =>
        new($"Invalid {_what} '{_text}': {problem} at position {at.Position}.", at.Position);

    private static SearchEntity? EntityOf(string prefix) => prefix.ToLowerInvariant() switch
    {
        "metric" or "metrics" => SearchEntity.Metric,
        "param" or "params" or "parameter" or "parameters" => SearchEntity.Param,
        "tag" or "tags" => SearchEntity.Tag,
        "attribute" or "attributes" or "attr" or "run" => SearchEntity.Attribute,
        _ => null,
    };

    private static bool IsKeyword(Token token, string keyword) =>
        token.Kind == TokenKind.Word && string.Equals(token.Text, keyword, StringComparison.OrdinalIgnoreCase);

    private static bool IsReserved(Token token) =>
        token.Kind == TokenKind.Word && token.Text.ToLowerInvariant() is "and" or "or" or "like" or "ilike" or "in" or "not";

    private static string Describe(Token token) => token.Kind switch
    {
        TokenKind.End => "the end of the text",
        TokenKind.Quoted => $"{token.Quote}{token.Text}{token.Quote}",
        _ => $"'{token.Text}'",
    };
}
