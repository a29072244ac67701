using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Cocoa.Sdk.Export.Internal;

/// <summary>Protocol-buffers wire-format primitives over spans (decode with "need more data" detection, encode).</summary>
internal static class ProtoWire
{
    public const int WireVarint = 0;
    public const int WireFixed64 = 1;
    public const int WireLengthDelimited = 2;
    public const int WireStartGroup = 3;
    public const int WireEndGroup = 4;
    public const int WireFixed32 = 5;

    public const int MaxVarintLength = 10;

    internal enum Status
    {
        Ok,
        NeedMoreData,
        Malformed,
    }

    /// <summary>Reads a base-128 varint of at most 10 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Status TryReadVarint(ReadOnlySpan<byte> data, ref int position, out ulong value)
    {
        int pos = position;
        if ((uint)pos < (uint)data.Length && data[pos] < 0x80)
        {
            value = data[pos];
            position = pos + 1;
            return Status.Ok;
        }

        return TryReadVarintSlow(data, ref position, out value);
    }

    private static Status TryReadVarintSlow(ReadOnlySpan<byte> data, ref int position, out ulong value)
    {
        ulong result = 0;
        int pos = position;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (pos >= data.Length)
            {
                value = 0;
                return Status.NeedMoreData;
            }

            byte b = data[pos++];
            if (shift == 63 && b > 1)
            {
                value = 0;
                return Status.Malformed;
            }

            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                value = result;
                position = pos;
                return Status.Ok;
            }
        }

        value = 0;
        return Status.Malformed;
    }

    /// <summary>Skips a field value of a given wire type; groups are not supported.</summary>
    /// <remarks>Lengths come from untrusted bytes: they are compared with what is left (never added to the position
    /// first), so a length near <see cref="int.MaxValue"/> reports "need more data" instead of overflowing.</remarks>
    public static Status TrySkip(ReadOnlySpan<byte> data, ref int position, int wireType)
    {
        int pos = position;
        long skip;
        switch (wireType)
        {
            case WireVarint:
                Status status = TryReadVarint(data, ref pos, out _);
                if (status != Status.Ok)
                {
                    return status;
                }

                skip = 0;
                break;
            case WireFixed64:
                skip = 8;
                break;
            case WireFixed32:
                skip = 4;
                break;
            case WireLengthDelimited:
                Status lengthStatus = TryReadLength(data, ref pos, out int length);
                if (lengthStatus != Status.Ok)
                {
                    return lengthStatus;
                }

                skip = length;
                break;
            default:
                return Status.Malformed;
        }

        if (skip > (long)data.Length - pos)
        {
            return Status.NeedMoreData;
        }

        position = pos + (int)skip;
        return Status.Ok;
    }

    /// <summary>Reads the length prefix of a length-delimited field (0..int.MaxValue).</summary>
    public static Status TryReadLength(ReadOnlySpan<byte> data, ref int position, out int length)
    {
        Status status = TryReadVarint(data, ref position, out ulong value);
        if (status != Status.Ok)
        {
            length = 0;
            return status;
        }

        if (value > int.MaxValue)
        {
            length = 0;
            return Status.Malformed;
        }

        length = (int)value;
        return Status.Ok;
    }

    public static ulong ReadFixed64(ReadOnlySpan<byte> data) => BinaryPrimitives.ReadUInt64LittleEndian(data);

    public static int DecodeZigZag32(uint value) => unchecked((int)(value >> 1) ^ -(int)(value & 1));

    public static uint EncodeZigZag32(int value) => unchecked((uint)((value << 1) ^ (value >> 31)));

    /// <summary>Writes a varint; returns the number of bytes written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int WriteVarint(Span<byte> destination, ulong value)
    {
        int i = 0;
        while (value >= 0x80)
        {
            destination[i++] = unchecked((byte)(value | 0x80));
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>Writes an int32 the way protobuf does: negative values as 10-byte sign-extended varints.</summary>
    public static int WriteInt32(Span<byte> destination, int value) => WriteVarint(destination, unchecked((ulong)(long)value));

    public static byte Tag(int fieldNumber, int wireType) => (byte)((fieldNumber << 3) | wireType);
}
