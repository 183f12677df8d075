using System.Security.Cryptography;
using Modelplane.Serving.Logging;

namespace Modelplane.Serving.Tests.Logging;

public sealed class FieldRedactorTests
{
    [Fact]
    public void Ctor_KeyShorterThan32Bytes_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new FieldRedactor(["email"], new byte[31]));

        Assert.Equal("key", ex.ParamName);
    }

    [Fact]
    public void Hash_AnyValue_IsPrefixedLowercaseHexOfFirst16BytesOfHmacSha256()
    {
        var value = "\"alice@example.com\""u8.ToArray();
        var expected = "hmac-sha256:" + Convert.ToHexStringLower(HMACSHA256.HashData(Redaction.Key, value).AsSpan(0, 16));

        Assert.Equal(expected, Redaction.Of("email").Hash(value));
    }

    [Fact]
    public void Hash_EqualValues_GiveEqualHashes()
    {
        Assert.Equal(Redaction.Of("email").Hash("\"a@x.io\""u8), Redaction.Of("ssn").Hash("\"a@x.io\""u8));
        Assert.NotEqual(Redaction.Of("email").Hash("\"a@x.io\""u8), Redaction.Of("email").Hash("\"b@x.io\""u8));
    }

    [Fact]
    public void Hash_DifferentKeys_GiveDifferentHashes()
    {
        var other = new FieldRedactor(["email"], Redaction.OtherKey);

        Assert.NotEqual(Redaction.Of("email").Hash("\"a@x.io\""u8), other.Hash("\"a@x.io\""u8));
    }

    [Fact]
    public void Hash_KeyArrayChangedAfterConstruction_HashUnchanged()
    {
        var key = Redaction.Key.ToArray();
        var redactor = new FieldRedactor(["email"], key);
        var before = redactor.Hash("1"u8);

        key[0] ^= 0xFF;

        Assert.Equal(before, redactor.Hash("1"u8));
    }

    [Fact]
    public void Redacts_SameNameInOtherCase_IsFalse()
    {
        var redactor = Redaction.Of("email");

        Assert.True(redactor.Redacts("email"));
        Assert.False(redactor.Redacts("Email"));
        Assert.False(FieldRedactor.None.Redacts("email"));
    }

    [Fact]
    public void Hash_None_ThrowsForWantOfAKey()
    {
        Assert.Throws<InvalidOperationException>(() => FieldRedactor.None.Hash("1"u8));
    }
}
