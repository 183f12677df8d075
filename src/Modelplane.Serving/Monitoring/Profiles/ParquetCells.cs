using System.Numerics;
using Parquet;
using Parquet.Schema;

namespace Modelplane.Serving.Monitoring.Profiles;

/// <summary>Reads one Parquet column of a row group as cells: numbers and booleans as numbers, strings as text.</summary>
internal static class ParquetCells
{
    public static async Task<ProfileTableReader.Cell[]> ReadAsync(ParquetRowGroupReader group, DataField field, int count, CancellationToken ct)
    {
        var type = field.ClrType;
        // Parquet.Net 6 reports UTF-8 columns as ReadOnlyMemory<char>; they read as strings.
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var texts = new string?[count];
            await group.ReadAsync(field, texts.AsMemory(), null, ct).ConfigureAwait(false);
            return [.. texts.Select(t => new ProfileTableReader.Cell(double.NaN, t ?? ""))];
        }

        return type switch
        {
            _ when type == typeof(double) => await NumbersAsync<double>(group, field, count, ct).ConfigureAwait(false),
            _ when type == typeof(float) => await NumbersAsync<float>(group, field, count, ct).ConfigureAwait(false),
            _ when type == typeof(long) => await NumbersAsync<long>(group, field, count, ct).ConfigureAwait(false),
            _ when type == typeof(int) => await NumbersAsync<int>(group, field, count, ct).ConfigureAwait(false),
            _ when type == typeof(short) => await NumbersAsync<short>(group, field, count, ct).ConfigureAwait(false),
            _ when type == typeof(sbyte) => await NumbersAsync<sbyte>(group, field, count, ct).ConfigureAwait(false),
            _ when type == typeof(byte) => await NumbersAsync<byte>(group, field, count, ct).ConfigureAwait(false),
            _ when type == typeof(ushort) => await NumbersAsync<ushort>(group, field, count, ct).ConfigureAwait(false),
            _ when type == typeof(uint) => await NumbersAsync<uint>(group, field, count, ct).ConfigureAwait(false),
            _ when type == typeof(ulong) => await NumbersAsync<ulong>(group, field, count, ct).ConfigureAwait(false),
            _ when type == typeof(decimal) => await NumbersAsync<decimal>(group, field, count, ct).ConfigureAwait(false),
            _ when type == typeof(bool) => await BooleansAsync(group, field, count, ct).ConfigureAwait(false),
            _ => throw new ProfileDataException(
                $"Parquet column '{field.Name}' holds {type.Name} values; only numbers, booleans and text can be profiled."),
        };
    }

    private static async Task<ProfileTableReader.Cell[]> NumbersAsync<T>(ParquetRowGroupReader group, DataField field, int count, CancellationToken ct)
        where T : struct, INumberBase<T>
    {
        var values = new T?[count];
        await group.ReadAsync(field, values.AsMemory(), null, ct).ConfigureAwait(false);
        return [.. values.Select(v => new ProfileTableReader.Cell(v is { } x ? double.CreateTruncating(x) : double.NaN, null))];
    }

    private static async Task<ProfileTableReader.Cell[]> BooleansAsync(ParquetRowGroupReader group, DataField field, int count, CancellationToken ct)
    {
        var values = new bool?[count];
        await group.ReadAsync(field, values.AsMemory(), null, ct).ConfigureAwait(false);
        return [.. values.Select(v => new ProfileTableReader.Cell(v is { } b ? (b ? 1 : 0) : double.NaN, null))];
    }
}
