using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Cocoa.Samples.NotificationServer.Storage;

/// <summary>
/// Key rows in PostgreSQL's binary <c>COPY</c> format (<c>COPY … FROM STDIN (FORMAT BINARY)</c>), filled into a pooled
/// buffer that is sent whenever it is full: the 19-byte header (signature, flags, extension length) before the first
/// row, per row a 16-bit field count and each field as a 32-bit length (-1 for NULL) followed by its bytes in network
/// order, and a 16-bit -1 after the last row. Columns in <see cref="SqlKeyStore.KeyColumns"/> order, then
/// <c>batch_id</c> when one is given.
/// </summary>
internal sealed class BinaryCopyRows : IDisposable
{
    private const int BufferSize = 1 << 16;
    private const int TrailerSize = 2;
    private static readonly byte[] s_header = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private readonly long? _batchId;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _length;

    /// <summary>Starts the rows with the format's header; <paramref name="batchId"/>, when given, is appended to every row.</summary>
    public BinaryCopyRows(long? batchId)
    {
        _batchId = batchId;
        s_header.CopyTo(_buffer, 0);
        _length = s_header.Length;
    }

    /// <summary>Appends a row if it fits in the buffer; false when the buffer must be sent first (<see cref="Take"/>).</summary>
    public bool TryAdd(StoredKey key)
    {
        int size = RowSize(key);
        if (_length + size + TrailerSize > _buffer.Length) // room for the trailer stays, so the last rows never need another buffer
        {
            return false;
        }

        Span<byte> row = _buffer.AsSpan(_length, size);
        BinaryPrimitives.WriteInt16BigEndian(row, (short)(_batchId is null ? 8 : 9));
        int at = 2;
        at += WriteText(row[at..], key.Region);
        at += WriteBytes(row[at..], key.KeyData);
        at += WriteInt64(row[at..], key.RollingStart);
        at += WriteInt32(row[at..], key.RollingPeriod);
        at += WriteInt32(row[at..], key.TransmissionRisk);
        at += WriteInt32(row[at..], key.ReportType);
        at += WriteInt32(row[at..], key.DaysSinceOnset);
        at += WriteInt64(row[at..], key.AvailableAt);
        if (_batchId is { } batch)
        {
            WriteInt64(row[at..], batch);
        }

        _length += size;
        return true;
    }

    /// <summary>Appends a row to an emptied buffer, growing it for a row larger than the default size.</summary>
    public void Add(StoredKey key)
    {
        if (!TryAdd(key))
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(RowSize(key) + TrailerSize);
            TryAdd(key);
        }
    }

    /// <summary>The rows appended so far, to send now; the buffer is reused for the next rows.</summary>
    public ReadOnlyMemory<byte> Take()
    {
        var rows = new ReadOnlyMemory<byte>(_buffer, 0, _length);
        _length = 0;
        return rows;
    }

    /// <summary>The last rows followed by the trailer (a field count of -1).</summary>
    public ReadOnlyMemory<byte> TakeWithTrailer()
    {
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_length), -1);
        _length += TrailerSize;
        return Take();
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    // Field count, then per field its length and bytes; a NULL (missing region or key bytes) is sent as such so the
    // column's NOT NULL constraint refuses it, as the INSERT path does.
    private int RowSize(StoredKey key) =>
        2 + (4 + (key.Region is null ? 0 : Encoding.UTF8.GetByteCount(key.Region))) + (4 + (key.KeyData?.Length ?? 0)) + (2 * (4 + 8)) + (4 * (4 + 4)) + (_batchId is null ? 0 : 4 + 8);

    private static int WriteText(Span<byte> destination, string? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(destination, -1);
            return 4;
        }

        int length = Encoding.UTF8.GetBytes(value, destination[4..]);
        BinaryPrimitives.WriteInt32BigEndian(destination, length);
        return 4 + length;
    }

    private static int WriteBytes(Span<byte> destination, byte[]? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(destination, -1);
            return 4;
        }

        BinaryPrimitives.WriteInt32BigEndian(destination, value.Length);
        value.CopyTo(destination[4..]);
        return 4 + value.Length;
    }

    private static int WriteInt64(Span<byte> destination, long value)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, 8);
        BinaryPrimitives.WriteInt64BigEndian(destination[4..], value);
        return 12;
    }

    private static int WriteInt32(Span<byte> destination, int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, 4);
        BinaryPrimitives.WriteInt32BigEndian(destination[4..], value);
        return 8;
    }
}
