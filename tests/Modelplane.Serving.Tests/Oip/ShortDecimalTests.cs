using System.Globalization;
using System.Text;
using Modelplane.Serving.Oip;

namespace Modelplane.Serving.Tests.Oip;

/// <summary>The FP32 fast path gives bit for bit what the general parser gives, and declines what it cannot do exactly.</summary>
public sealed class ShortDecimalTests
{
    [Theory]
    [InlineData("14.58")]
    [InlineData("-0.004953")]
    [InlineData("862")]
    [InlineData("862.0")]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("0.1")]
    [InlineData("9999999")]
    [InlineData("0.0000000001")]
    [InlineData("-3.402823")]
    public void TryParseSingle_ShortDecimal_MatchesGeneralParserBitForBit(string text)
    {
        Assert.True(ShortDecimal.TryParseSingle(Encoding.ASCII.GetBytes(text), out var value));

        Assert.Equal(BitConverter.SingleToInt32Bits(float.Parse(text, CultureInfo.InvariantCulture)), BitConverter.SingleToInt32Bits(value));
    }

    [Theory]
    [InlineData("12345678")]        // 8 significant digits: not exact in FP32 arithmetic
    [InlineData("0.12345678")]
    [InlineData("0.00000000001")]   // 10^-11 is not exact in FP32
    [InlineData("1e5")]
    [InlineData("1.5E-3")]
    [InlineData("")]
    [InlineData("-")]
    public void TryParseSingle_OutsideFastPath_Declines(string text) =>
        Assert.False(ShortDecimal.TryParseSingle(Encoding.ASCII.GetBytes(text), out _));

    [Fact]
    public void TryParseSingle_200kRandomDecimals_AgreeWithGeneralParserWheneverTaken()
    {
        var random = new Random(20261129);
        var taken = 0;
        for (var n = 0; n < 200_000; n++)
        {
            var text = RandomDecimal(random);
            if (ShortDecimal.TryParseSingle(Encoding.ASCII.GetBytes(text), out var value))
            {
                taken++;
                var expected = float.Parse(text, CultureInfo.InvariantCulture);
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(value), $"{text}: {value:R}, expected {expected:R}");
            }
        }

        // Most generated numbers have at most 7 digits and 10 decimals: the comparison above really ran.
        Assert.InRange(taken, 100_000, 200_000);
    }

    // JSON number shapes: an optional sign, 1–9 digits with or without leading "0.000", a decimal point anywhere.
    private static string RandomDecimal(Random random)
    {
        var builder = new StringBuilder();
        if (random.Next(4) == 0)
        {
            builder.Append('-');
        }

        var digits = random.Next(1, 10);
        if (random.Next(3) == 0)
        {
            builder.Append("0.").Append('0', random.Next(0, 6));
            builder.Append((char)('1' + random.Next(9)));
            for (var d = 1; d < digits; d++)
            {
                builder.Append((char)('0' + random.Next(10)));
            }

            return builder.ToString();
        }

        builder.Append((char)('1' + random.Next(9)));
        var point = random.Next(1, digits + 1);
        for (var d = 1; d < digits; d++)
        {
            if (d == point)
            {
                builder.Append('.');
            }

            builder.Append((char)('0' + random.Next(10)));
        }

        return builder.ToString();
    }
}
