using System.Buffers.Binary;

namespace Cocoa.Sdk.Export.Internal;

/// <summary>
/// Checks the size of a zip's central directory before <see cref="System.IO.Compression.ZipArchive"/> reads it.
/// </summary>
/// <remarks>
/// <see cref="System.IO.Compression.ZipArchive"/> reads the whole central directory into memory, one object per entry,
/// before any entry can be looked at: a zip of a million empty entries costs hundreds of megabytes and seconds before it
/// is rejected. An export file has two entries (a few more when additional entries are allowed), so this check reads the
/// end-of-central-directory record (and its ZIP64 form) and walks at most <c>maxEntries + 1</c> central directory headers
/// the way the archive reader would (while the header signature matches), in constant memory. Anything it cannot make
/// sense of is left to <see cref="System.IO.Compression.ZipArchive"/>, which reports it as not a zip.
/// </remarks>
internal static class ZipDirectoryLimits
{
    private const uint EndOfCentralDirectorySignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndOfCentralDirectorySignature = 0x06064b50;
    private const uint CentralDirectoryHeaderSignature = 0x02014b50;
    private const int EndOfCentralDirectoryLength = 22;
    private const int Zip64LocatorLength = 20;
    private const int Zip64EndOfCentralDirectoryLength = 56;
    private const int CentralDirectoryHeaderLength = 46;
    private const int MaxCommentLength = ushort.MaxValue;

    /// <summary>Throws <see cref="ExportFormatException"/> (<see cref="ExportFormatError.TooLarge"/>) when the zip lists or
    /// holds more than <paramref name="maxEntries"/> central directory entries. Restores the stream position.</summary>
    public static void Check(Stream zip, int maxEntries)
    {
        long start = zip.Position;
        try
        {
            CheckCore(zip, maxEntries);
        }
        catch (EndOfStreamException)
        {
            // A stream shorter than its Length said: the archive reader reports it.
        }
        finally
        {
            zip.Position = start;
        }
    }

    private static void CheckCore(Stream zip, int maxEntries)
    {
        long length = zip.Length;
        if (length < EndOfCentralDirectoryLength)
        {
            return;
        }

        int tailLength = (int)Math.Min(length, EndOfCentralDirectoryLength + MaxCommentLength + Zip64LocatorLength);
        byte[] tail = new byte[tailLength];
        long tailStart = length - tailLength;
        zip.Position = tailStart;
        zip.ReadExactly(tail);

        int eocd = -1;
        for (int i = tailLength - EndOfCentralDirectoryLength; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == EndOfCentralDirectorySignature)
            {
                eocd = i;
                break;
            }
        }

        if (eocd < 0)
        {
            return;
        }

        ReadOnlySpan<byte> record = tail.AsSpan(eocd, EndOfCentralDirectoryLength);
        ulong entries = BinaryPrimitives.ReadUInt16LittleEndian(record[10..]);
        ulong directoryOffset = BinaryPrimitives.ReadUInt32LittleEndian(record[16..]);
        if (eocd >= Zip64LocatorLength
            && BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(eocd - Zip64LocatorLength)) == Zip64LocatorSignature)
        {
            ulong zip64Offset = BinaryPrimitives.ReadUInt64LittleEndian(tail.AsSpan(eocd - Zip64LocatorLength + 8));
            if (zip64Offset <= (ulong)(length - Zip64EndOfCentralDirectoryLength))
            {
                byte[] zip64 = new byte[Zip64EndOfCentralDirectoryLength];
                zip.Position = (long)zip64Offset;
                zip.ReadExactly(zip64);
                if (BinaryPrimitives.ReadUInt32LittleEndian(zip64) == Zip64EndOfCentralDirectorySignature)
                {
                    entries = Math.Max(entries, BinaryPrimitives.ReadUInt64LittleEndian(zip64.AsSpan(32)));
                    directoryOffset = BinaryPrimitives.ReadUInt64LittleEndian(zip64.AsSpan(48));
                }
            }
        }

        if (entries > (ulong)maxEntries)
        {
            throw TooMany($"The zip lists {entries} entries; an export file holds at most {maxEntries}.");
        }

        // The count in the record may lie: walk the headers as the archive reader will, but no further than the limit.
        if (directoryOffset >= (ulong)length)
        {
            return;
        }

        zip.Position = (long)directoryOffset;
        byte[] header = new byte[CentralDirectoryHeaderLength];
        for (int count = 0; ; count++)
        {
            if (zip.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length
                || BinaryPrimitives.ReadUInt32LittleEndian(header) != CentralDirectoryHeaderSignature)
            {
                return;
            }

            if (count == maxEntries)
            {
                throw TooMany($"The zip's central directory holds more than {maxEntries} entries, the most an export file may hold.");
            }

            long variable = (long)BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(28))
                + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(30))
                + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(32));
            if (variable > length - zip.Position)
            {
                return;
            }

            zip.Position += variable;
        }

        static ExportFormatException TooMany(string message) => new(ExportFormatError.TooLarge, message);
    }
}
