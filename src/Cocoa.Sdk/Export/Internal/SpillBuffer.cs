using Microsoft.Win32.SafeHandles;

namespace Cocoa.Sdk.Export.Internal;

/// <summary>
/// An append-only byte store that stays in memory up to a threshold and then moves to a temporary file (deleted on
/// dispose). It keeps the exact export.bin bytes that were hashed and validated, so the key enumeration reads those
/// bytes again without inflating the zip a second time and without trusting the source not to change.
/// </summary>
internal sealed class SpillBuffer(long inMemoryThreshold, string? temporaryDirectory, long expectedLength) : IDisposable
{
    private MemoryStream? _memory = new((int)Math.Clamp(expectedLength, 0, inMemoryThreshold));
    private FileStream? _file;

    public long Length { get; private set; }

    public void Write(ReadOnlySpan<byte> data)
    {
        if (_memory is not null && _memory.Length + data.Length > inMemoryThreshold)
        {
            string directory = temporaryDirectory ?? Path.GetTempPath();
            _file = new FileStream(
                Path.Combine(directory, "cocoa-export-bin-" + Path.GetRandomFileName()),
                FileMode.CreateNew,
                FileAccess.ReadWrite,
                FileShare.None,
                bufferSize: 0,
                FileOptions.DeleteOnClose);
            _file.Write(_memory.GetBuffer(), 0, (int)_memory.Length);
            _memory = null;
        }

        if (_memory is not null)
        {
            _memory.Write(data);
        }
        else
        {
            _file!.Write(data);
        }

        Length += data.Length;
    }

    /// <summary>A new read-only stream over everything written, positioned at the start.</summary>
    public Stream OpenRead()
    {
        if (_memory is not null)
        {
            return new MemoryStream(_memory.GetBuffer(), 0, (int)_memory.Length, writable: false);
        }

        _file!.Flush();
        return new FileView(_file.SafeFileHandle, Length);
    }

    public void Dispose()
    {
        _memory = null;
        _file?.Dispose();
    }

    /// <summary>Positional reads of the spill file, independent of the file stream's own position.</summary>
    private sealed class FileView(SafeFileHandle handle, long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = RandomAccess.Read(handle, buffer[..(int)Math.Min(buffer.Length, length - _position)], _position);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return new ValueTask<int>(Read(buffer.Span));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
