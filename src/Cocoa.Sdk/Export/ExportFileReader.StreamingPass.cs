using System.IO.Compression;
using Cocoa.Sdk.Export.Internal;
using Cocoa.Sdk.Export.Internal.Protobuf;

namespace Cocoa.Sdk.Export;

/// <summary>
/// The single streaming pass used by the matching pipeline: <c>export.bin</c> is inflated, hashed and decoded once, and
/// its keys are handed out <em>before</em> the signature is checked (nothing is copied aside). The caller must hold back
/// whatever it derives from those keys until <see cref="CompleteStreamingPass"/> has returned: only then is the file
/// authenticated and well-formed, exactly as <see cref="Open(Stream, ExportReaderOptions?)"/> would have decided.
/// </summary>
public sealed partial class ExportFileReader
{
    private StreamingPass? _pass;

    /// <summary>Opens a seekable zip for one streaming pass: checks the entries and reads <c>export.sig</c>.</summary>
    /// <param name="source">A seekable zip stream (see <see cref="SeekableAsync"/>).</param>
    /// <param name="ownsSource">Whether disposing the reader disposes <paramref name="source"/>.</param>
    /// <param name="options">The reader options.</param>
    /// <exception cref="ExportFormatException">The zip or <c>export.sig</c> is malformed.</exception>
    internal static ExportFileReader OpenStreamingPass(Stream source, bool ownsSource, ExportReaderOptions options)
    {
        ZipArchive? archive = null;
        HashSet? hashes = null;
        ZipEntryReadStream? binStream = null;
        try
        {
            archive = OpenArchive(source);
            (ZipArchiveEntry bin, ZipArchiveEntry sig) = FindEntries(archive, options);
            TEKSignatureList signatureList = ReadSignatureList(sig, options);
            hashes = HashSet.For(signatureList);
            binStream = OpenEntry(bin, options.MaxExportBinLength, hashes.All);
            var reader = new ExportFileReader(options)
            {
                _pass = new StreamingPass(source, ownsSource, archive, signatureList, hashes, binStream, new ExportBinReader(binStream, KeyListSelection.Keys)),
            };
            return reader;
        }
        catch
        {
            binStream?.Dispose();
            hashes?.Dispose();
            archive?.Dispose();
            if (ownsSource)
            {
                source.Dispose();
            }

            throw;
        }
    }

    /// <summary>
    /// Decodes the next keys of the streaming pass (unverified until <see cref="CompleteStreamingPass"/>); 0 at the end.
    /// </summary>
    /// <exception cref="ExportFormatException">The zip entry cannot be inflated or is too large.</exception>
    internal int ReadStreamingBatch(Span<DiagnosisKey> output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        StreamingPass pass = _pass ?? throw new InvalidOperationException("The reader was not opened for a streaming pass.");
        if (pass.ParseError is not null)
        {
            return 0;
        }

        try
        {
            return pass.Bin.ReadBatch(output);
        }
        catch (ExportFormatException ex) when (ex.Error is not (ExportFormatError.CorruptArchive or ExportFormatError.TooLarge))
        {
            // As when opening: finish the digest, so that an unauthentic file is reported as such before its format errors.
            pass.ParseError = ex;
            pass.BinStream.CopyTo(Stream.Null);
            return 0;
        }
    }

    /// <summary>
    /// Ends the streaming pass: checks the signatures over the digest of every byte read and the end of <c>export.bin</c>;
    /// fills <see cref="Signatures"/>, <see cref="ExportBinSha256"/>, <see cref="Batch"/> and the key counts.
    /// </summary>
    /// <exception cref="ExportFormatException">No signature verifies (when required) or the file is malformed.</exception>
    internal void CompleteStreamingPass()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        StreamingPass pass = _pass ?? throw new InvalidOperationException("The reader was not opened for a streaming pass.");
        if (pass.ParseError is null)
        {
            // Reach the end (checked by the decoder) if the caller stopped early; the keys left are validated, not handed out.
            var rest = new DiagnosisKey[256];
            while (ReadStreamingBatch(rest) > 0)
            {
            }
        }

        Complete(pass.Bin.Decoder, pass.SignatureList, pass.Hashes, pass.ParseError, binCopy: null);
        _pass = null;
        pass.Dispose();
    }

    private void ThrowIfStreamingPass()
    {
        if (_binCopy is null)
        {
            throw new InvalidOperationException("The reader was opened for a single streaming pass; its keys cannot be read again.");
        }
    }

    /// <summary>What a streaming pass holds open: the zip (the entry stream reads through it), the hashes and the decoder.</summary>
    private sealed class StreamingPass(
        Stream source, bool ownsSource, ZipArchive archive, TEKSignatureList signatureList, HashSet hashes, ZipEntryReadStream binStream, ExportBinReader bin) : IDisposable
    {
        public TEKSignatureList SignatureList => signatureList;

        public HashSet Hashes => hashes;

        public ZipEntryReadStream BinStream => binStream;

        public ExportBinReader Bin => bin;

        public ExportFormatException? ParseError { get; set; }

        public void Dispose()
        {
            bin.Dispose(); // disposes the entry stream
            hashes.Dispose();
            archive.Dispose();
            if (ownsSource)
            {
                source.Dispose();
            }
        }
    }
}
