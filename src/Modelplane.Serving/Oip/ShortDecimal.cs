namespace Modelplane.Serving.Oip;

/// <summary>
/// Parses the common short JSON decimal (<c>14.58</c>, <c>-0.004953</c>, <c>862</c>) to an FP32 about three times
/// faster than the general parser, with the same, correctly rounded, result.
/// </summary>
/// <remarks>
/// Clinger's fast path: with at most 7 significant digits the digits form an integer below 2^24, and 10^k for k ≤ 10 is
/// also exact in FP32, so one IEEE division gives the correctly rounded quotient. Anything else (an exponent, more
/// digits) is left to the general parser. The input is a number token the JSON reader has already validated.
/// </remarks>
internal static class ShortDecimal
{
    private const int MaxSignificantDigits = 7;

    // A field, not a ReadOnlySpan property over constant data: a Debug build allocates that array on every read.
    private static readonly float[] PowersOfTen = [1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f];

    /// <summary>True and the value when <paramref name="number"/> is in the fast path's domain; false to use the general parser.</summary>
    public static bool TryParseSingle(ReadOnlySpan<byte> number, out float value)
    {
        value = 0;
        var i = 0;
        var negative = number.Length > 0 && number[0] == (byte)'-';
        if (negative)
        {
            i = 1;
        }

        uint mantissa = 0;
        var significant = 0;
        var fractionDigits = -1;
        for (; i < number.Length; i++)
        {
            var digit = (uint)(number[i] - '0');
            if (digit <= 9)
            {
                if (mantissa != 0 || digit != 0)
                {
                    if (++significant > MaxSignificantDigits)
                    {
                        return false;
                    }
                }

                mantissa = (mantissa * 10) + digit;
                if (fractionDigits >= 0)
                {
                    fractionDigits++;
                }
            }
            else if (number[i] == (byte)'.' && fractionDigits < 0)
            {
                fractionDigits = 0;
            }
            else
            {
                return false;
            }
        }

        if (i == (negative ? 1 : 0) || fractionDigits >= PowersOfTen.Length)
        {
            return false;
        }

        var magnitude = fractionDigits > 0 ? mantissa / PowersOfTen[fractionDigits] : mantissa;
        value = negative ? -magnitude : magnitude;
        return true;
    }
}
