using System.Globalization;

namespace Modelplane.Registry.Tracking.Search;

internal enum TokenKind
{
    Word,
    Quoted,
    Number,
    Operator,
    LeftParen,
    RightParen,
    Comma,
    End,
}

/// <param name="Quote">The quote character of a <see cref="TokenKind.Quoted"/> token.</param>
internal readonly record struct Token(TokenKind Kind, string Text, int Position, char Quote = '\0');

/// <summary>Splits filter text into tokens; a bare word may contain dots, so <c>metrics.auc</c> is one word.</summary>
internal static class SearchTokenizer
{
    public static List<Token> Tokenize(string text, string what)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, "", i));
                return tokens;
            }

            var start = i;
            var c = text[i];
            if (char.IsLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Word, text[start..i], start));
            }
            else if (c is '\'' or '"' or '`')
            {
                tokens.Add(ReadQuoted(text, ref i, what));
            }
            else if (char.IsDigit(c) || (c is '-' or '+' or '.' && i + 1 < text.Length && (char.IsDigit(text[i + 1]) || text[i + 1] == '.')))
            {
                i++;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '.' || (text[i] is '-' or '+' && text[i - 1] is 'e' or 'E')))
                {
                    i++;
                }

                var number = text[start..i];
                if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    throw new SearchFilterException($"Invalid {what} '{text}': '{number}' at position {start} is not a number.", start);
                }

                tokens.Add(new Token(TokenKind.Number, number, start));
            }
            else if (c is '=' or '!' or '<' or '>')
            {
                i++;
                if (i < text.Length && (text[i] == '=' || (c == '<' && text[i] == '>')))
                {
                    i++;
                }

                var op = text[start..i];
                if (op == "!")
                {
                    throw new SearchFilterException($"Invalid {what} '{text}': '!' at position {start} must be followed by '='.", start);
                }

                tokens.Add(new Token(TokenKind.Operator, op, start));
            }
            else
            {
                i++;
                tokens.Add(c switch
                {
                    '(' => new Token(TokenKind.LeftParen, "(", start),
                    ')' => new Token(TokenKind.RightParen, ")", start),
                    ',' => new Token(TokenKind.Comma, ",", start),
                    _ => throw new SearchFilterException($"Invalid {what} '{text}': unexpected character '{c}' at position {start}.", start),
                });
            }
        }
    }

    // A quote inside is written twice ('it''s'), as in SQL.
    private static Token ReadQuoted(string text, ref int i, string what)
    {
        var start = i;
        var quote = text[i++];
        var value = new System.Text.StringBuilder();
        while (true)
        {
            if (i >= text.Length)
            {
                throw new SearchFilterException($"Invalid {what} '{text}': the quoted text starting at position {start} is not closed.", start);
            }

            if (text[i] == quote)
            {
                if (i + 1 < text.Length && text[i + 1] == quote)
                {
                    value.Append(quote);
                    i += 2;
                    continue;
                }

                i++;
                return new Token(TokenKind.Quoted, value.ToString(), start, quote);
            }

            value.Append(text[i++]);
        }
    }
}
