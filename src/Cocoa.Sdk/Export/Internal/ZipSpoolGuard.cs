using System.Buffers.Binary;

namespace Cocoa.Sdk.Export.Internal;

/// <summary>
/// Watches a non-seekable zip while it is copied to a temporary file and stops the copy early: past the size limit, or as
/// soon as more than the allowed number of entries has gone by.
/// </summary>
/// <remarks>
/// Entries are counted by walking the local file headers in stream order (header, name, extra field, compressed data).
/// An entry whose sizes follow its data (general-purpose flag bit 3) cannot be skipped without inflating it, so the walk
/// stops there and the central directory check (<see cref="ZipDirectoryLimits"/>) on the complete copy decides. Either
/// way memory stays constant and the copy never exceeds the size limit.
/// </remarks>
internal sealed class ZipSpoolGuard(long maxLength, int maxEntries)
{
    private const uint LocalFileHeaderSignature = 0x04034b50;
    private const int LocalFileHeaderLength = 30;

    private readonly byte[] _header = new byte[LocalFileHeaderLength];
    private long _total;
    private int _headerFill;
    private long _skip;
    private int _entries;
    private bool _walking = true;

    /// <summary>Accounts for the next bytes of the stream; throws <see cref="ExportFormatException"/> when a limit is passed.</summary>
    public void Account(ReadOnlySpan<byte> data)
    {
        _total += data.Length;
        if (_total > maxLength)
        {
            throw new ExportFormatException(ExportFormatError.TooLarge, $"The zip is larger than the {maxLength}-byte limit.");
        }

        while (_walking && !data.IsEmpty)
        {
            if (_skip > 0)
            {
                int skipped = (int)Math.Min(_skip, data.Length);
                _skip -= skipped;
                data = data[skipped..];
                continue;
            }

            int take = Math.Min(LocalFileHeaderLength - _headerFill, data.Length);
            data[..take].CopyTo(_header.AsSpan(_headerFill));
            _headerFill += take;
            data = data[take..];
            if (_headerFill < LocalFileHeaderLength)
            {
                return;
            }

            _headerFill = 0;
            OnHeader();
        }
    }

    private void OnHeader()
    {
        ReadOnlySpan<byte> header = _header;
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != LocalFileHeaderSignature)
        {
            // The central directory (or something the archive reader will reject) begins: the entries are over.
            _walking = false;
            return;
        }

        if (++_entries > maxEntries)
        {
            throw new ExportFormatException(ExportFormatError.TooLarge, $"The zip holds more than {maxEntries} entries, the most an export file may hold.");
        }

        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);
        uint compressedSize = BinaryPrimitives.ReadUInt32LittleEndian(header[18..]);
        if ((flags & 0x0008) != 0 || compressedSize == uint.MaxValue)
        {
            // Sizes after the data (streamed writers) or in a ZIP64 extra field: leave it to the central directory check.
            _walking = false;
            return;
        }

        _skip = (long)BinaryPrimitives.ReadUInt16LittleEndian(header[26..])
            + BinaryPrimitives.ReadUInt16LittleEndian(header[28..])
            + compressedSize;
    }
}
