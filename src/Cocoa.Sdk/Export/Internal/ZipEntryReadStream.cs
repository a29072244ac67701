using System.Security.Cryptography;

namespace Cocoa.Sdk.Export.Internal;

/// <summary>
/// Read-only view of a zip entry's decompressed bytes that enforces a size limit, feeds optional hashes, and reports
/// decompression failures as <see cref="ExportFormatException"/>.
/// </summary>
/// <remarks>With <paramref name="synchronousReads"/>, asynchronous reads are served synchronously: for local files and
/// memory, thread-pool "async" I/O only adds an allocation per read of compressed data.</remarks>
internal sealed class ZipEntryReadStream(Stream inner, string entryName, long maxLength, IncrementalHash[]? hashes, bool synchronousReads = false, SpillBuffer? copy = null) : Stream
{
    private long _total;

    public long BytesRead => _total;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _total;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = inner.Read(buffer);
        }
        catch (InvalidDataException ex)
        {
            throw Corrupt(ex);
        }

        return Account(buffer[..n]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (synchronousReads)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return new ValueTask<int>(Read(buffer.Span));
        }

        return ReadCoreAsync(buffer, cancellationToken);
    }

    private async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        int n;
        try
        {
            n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw Corrupt(ex);
        }

        return Account(buffer.Span[..n]);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private int Account(ReadOnlySpan<byte> data)
    {
        _total += data.Length;
        if (_total > maxLength)
        {
            throw new ExportFormatException(ExportFormatError.TooLarge, $"The zip entry '{entryName}' is larger than the {maxLength}-byte limit.");
        }

        if (hashes is not null)
        {
            foreach (IncrementalHash hash in hashes)
            {
                hash.AppendData(data);
            }
        }

        copy?.Write(data);
        return data.Length;
    }

    private ExportFormatException Corrupt(Exception ex) =>
        new(ExportFormatError.CorruptArchive, $"The zip entry '{entryName}' cannot be decompressed: {ex.Message}", ex);
}
