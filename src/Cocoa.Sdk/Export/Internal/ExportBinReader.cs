using System.Buffers;
using System.IO.Pipelines;

namespace Cocoa.Sdk.Export.Internal;

/// <summary>
/// Drives an <see cref="ExportBinDecoder"/> over a stream, in batches of keys: asynchronously through a
/// <see cref="PipeReader"/>, or synchronously over a fixed buffer. Memory is bounded by the pipe's segments plus one
/// contiguous scratch buffer for fields that straddle segments.
/// </summary>
internal sealed class ExportBinReader : IAsyncDisposable, IDisposable
{
    private const int SegmentSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly ExportBinDecoder _decoder;
    private PipeReader? _pipe;
    private byte[]? _buffer;
    private int _start;
    private int _end;
    private bool _done;

    public ExportBinReader(Stream stream, KeyListSelection selection)
    {
        _stream = stream;
        _decoder = new ExportBinDecoder(selection);
    }

    public ExportBinDecoder Decoder => _decoder;

    /// <summary>Decodes the next keys into <paramref name="output"/>; 0 means the end of export.bin was reached and checked.</summary>
    public async ValueTask<int> ReadBatchAsync(DiagnosisKey[] output, CancellationToken cancellationToken)
    {
        _pipe ??= PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: SegmentSize, minimumReadSize: SegmentSize / 4, leaveOpen: true));
        int written = 0;
        while (!_done)
        {
            ReadResult result = await _pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            SequencePosition consumed = DecodeSequence(buffer, output, ref written, out bool full);
            if (full)
            {
                _pipe.AdvanceTo(consumed);
                return written;
            }

            if (result.IsCompleted)
            {
                _decoder.Complete(buffer.Slice(consumed).Length);
                _pipe.AdvanceTo(buffer.End);
                _done = true;
                break;
            }

            _pipe.AdvanceTo(consumed, buffer.End);
            if (written > 0)
            {
                return written;
            }
        }

        return written;
    }

    /// <summary>Synchronous counterpart of <see cref="ReadBatchAsync"/>.</summary>
    public int ReadBatch(Span<DiagnosisKey> output)
    {
        _buffer ??= new byte[2 * ExportBinDecoder.MaxContiguousFieldLength];
        int written = 0;
        while (!_done)
        {
            int consumed = _decoder.Decode(_buffer.AsSpan(_start, _end - _start), output, ref written);
            _start += consumed;
            if (written == output.Length && output.Length > 0)
            {
                return written;
            }

            if (_start == _end)
            {
                _start = _end = 0;
            }
            else if (_buffer.Length - _end < ExportBinDecoder.MaxContiguousFieldLength)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }

            int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _decoder.Complete(_end - _start);
                _done = true;
                break;
            }

            _end += read;
            if (written > 0)
            {
                // Hand out what is ready; the new bytes are decoded on the next call.
                return written;
            }
        }

        return written;
    }

    public async ValueTask DisposeAsync()
    {
        if (_pipe is not null)
        {
            await _pipe.CompleteAsync().ConfigureAwait(false);
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
    }

    public void Dispose()
    {
        _pipe?.Complete();
        _stream.Dispose();
    }

    private SequencePosition DecodeSequence(ReadOnlySequence<byte> buffer, DiagnosisKey[] output, ref int written, out bool full)
    {
        full = false;
        bool emitting = output.Length > 0;
        ReadOnlySequence<byte> rest = buffer;
        while (!rest.IsEmpty)
        {
            ReadOnlySpan<byte> first = rest.FirstSpan;
            int consumed = _decoder.Decode(first, output, ref written);
            rest = rest.Slice(consumed);
            if (emitting && written == output.Length)
            {
                full = true;
                break;
            }

            if (consumed == first.Length)
            {
                continue;
            }

            if (rest.IsSingleSegment)
            {
                break;
            }

            // A field straddles segments: decode it (and whatever follows) from one contiguous copy.
            int take = (int)Math.Min(rest.Length, ExportBinDecoder.MaxContiguousFieldLength);
            byte[] scratch = ArrayPool<byte>.Shared.Rent(take);
            try
            {
                rest.Slice(0, take).CopyTo(scratch);
                int fromScratch = _decoder.Decode(scratch.AsSpan(0, take), output, ref written);
                if (fromScratch == 0)
                {
                    break;
                }

                rest = rest.Slice(fromScratch);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }

            if (emitting && written == output.Length)
            {
                full = true;
                break;
            }
        }

        return rest.Start;
    }
}
