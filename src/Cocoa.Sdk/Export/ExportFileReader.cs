using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Cocoa.Sdk.Export.Internal;
using Cocoa.Sdk.Export.Internal.Protobuf;

namespace Cocoa.Sdk.Export;

/// <summary>
/// Reads a diagnosis-key export zip (<c>export.bin</c> + <c>export.sig</c>), verifies its signature and streams its keys.
/// </summary>
/// <remarks>
/// <para>Opening reads <c>export.sig</c>, then streams all of <c>export.bin</c> once: it checks the header, validates every
/// key, collects the batch fields and computes the digest. With <see cref="ExportReaderOptions.TrustedKeys"/> set, it fails
/// unless a signature verifies — so no key is ever handed out from an unauthenticated or malformed file. The inflated
/// <c>export.bin</c> is copied as it streams by (in memory up to 1 MiB, beyond that to a temporary file deleted on disposal),
/// and the zip itself is released once opened. Enumerating <see cref="ReadKeysAsync"/> then decodes exactly the bytes that
/// were verified, one key at a time; memory stays bounded (about 1.5 MB) whatever the number of keys.</para>
/// <para>Zip archives need random access. A non-seekable input (an HTTP response) is first copied to a temporary file,
/// deleted as soon as the reader is open.</para>
/// <para>A zip listing more than 64 entries is rejected before its central directory is loaded; a non-seekable input is
/// rejected while it is copied, as soon as it passes the size limit or more than 64 entries have gone by.</para>
/// <para>Every defect of the input, whatever the bytes, raises <see cref="ExportFormatException"/> and nothing else; only
/// failures of the source itself (<see cref="IOException"/> from a stream, a missing file) and cancellation
/// (<see cref="OperationCanceledException"/>) pass through as they are.</para>
/// </remarks>
/// <threadsafety>After opening, enumerations are independent and may run concurrently, also on several threads; dispose
/// the reader only after they have completed.</threadsafety>
public sealed partial class ExportFileReader : IAsyncDisposable, IDisposable
{
    /// <summary>The zip entry holding the header and the <c>TemporaryExposureKeyExport</c> message.</summary>
    public const string ExportBinEntryName = "export.bin";

    /// <summary>The zip entry holding the <c>TEKSignatureList</c> message.</summary>
    public const string ExportSigEntryName = "export.sig";

    private const int BatchLength = 1024;

    /// <summary>The most zip entries accepted (two are needed); checked before the central directory is loaded.</summary>
    internal const int MaxZipEntries = 64;

    /// <summary>export.bin copies up to this size stay in memory; larger ones go to a temporary file.</summary>
    private const int InMemoryCopyThreshold = 1024 * 1024;

    private readonly ExportReaderOptions _options;
    private SpillBuffer? _binCopy;
    private bool _disposed;

    private ExportFileReader(ExportReaderOptions options)
    {
        _options = options;
        Batch = new ExportBatchInfo(null, null, null, null, null);
        SignatureInfos = [];
        Signatures = [];
    }

    /// <summary>Gets the batch fields of <c>export.bin</c> (time window, region, batch number and size).</summary>
    public ExportBatchInfo Batch { get; private set; }

    /// <summary>Gets the <c>signature_infos</c> listed inside <c>export.bin</c>.</summary>
    public IReadOnlyList<ExportSignatureInfo> SignatureInfos { get; private set; }

    /// <summary>Gets the signatures of <c>export.sig</c> with the result of checking each one.</summary>
    public IReadOnlyList<ExportSignature> Signatures { get; private set; }

    /// <summary>Gets whether a signature verified with a trusted key.</summary>
    public bool IsSignatureValid => Signatures.Any(s => s.Status == ExportSignatureStatus.Valid);

    /// <summary>Gets the number of keys (field <c>keys</c>).</summary>
    public long KeyCount { get; private set; }

    /// <summary>Gets the number of revised keys (field <c>revised_keys</c>).</summary>
    public long RevisedKeyCount { get; private set; }

    /// <summary>Gets the SHA-256 digest of <c>export.bin</c> (header included), e.g. to cache per-file results.</summary>
    public ReadOnlyMemory<byte> ExportBinSha256 { get; private set; }

    /// <summary>Opens and validates an export zip file.</summary>
    /// <param name="path">The zip file.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults (no signature check).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The reader, positioned before the first key.</returns>
    /// <exception cref="ExportFormatException">The file is malformed or no signature verifies.</exception>
    public static async Task<ExportFileReader> OpenAsync(string path, ExportReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.None);
        return await OpenCoreAsync(file, ownsSource: true, options ?? ExportReaderOptions.Default, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens and validates an export zip from a stream.</summary>
    /// <param name="zip">The zip bytes; a non-seekable stream is copied to a temporary file first. Not disposed by the reader.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults (no signature check).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The reader, positioned before the first key.</returns>
    /// <exception cref="ExportFormatException">The input is malformed or no signature verifies.</exception>
    public static async Task<ExportFileReader> OpenAsync(Stream zip, ExportReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zip);
        options ??= ExportReaderOptions.Default;
        Stream seekable = await SeekableAsync(zip, options, cancellationToken).ConfigureAwait(false);
        return await OpenCoreAsync(seekable, ownsSource: seekable != zip, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens and validates an export zip file synchronously.</summary>
    /// <param name="path">The zip file.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults (no signature check).</param>
    /// <returns>The reader, positioned before the first key.</returns>
    /// <exception cref="ExportFormatException">The file is malformed or no signature verifies.</exception>
    public static ExportFileReader Open(string path, ExportReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return OpenCore(file, ownsSource: true, options ?? ExportReaderOptions.Default);
    }

    /// <summary>Opens and validates an export zip from a stream synchronously.</summary>
    /// <param name="zip">The zip bytes; a non-seekable stream is copied to a temporary file first. Not disposed by the reader.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults (no signature check).</param>
    /// <returns>The reader, positioned before the first key.</returns>
    /// <exception cref="ExportFormatException">The input is malformed or no signature verifies.</exception>
    public static ExportFileReader Open(Stream zip, ExportReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(zip);
        options ??= ExportReaderOptions.Default;
        if (zip.CanSeek)
        {
            return OpenCore(zip, ownsSource: false, options);
        }

        FileStream spool = CreateSpoolFile(options);
        try
        {
            ZipSpoolGuard guard = SpoolGuard(options);
            byte[] buffer = new byte[81920];
            int read;
            while ((read = zip.Read(buffer)) > 0)
            {
                guard.Account(buffer.AsSpan(0, read));
                spool.Write(buffer, 0, read);
            }

            spool.Position = 0;
        }
        catch
        {
            spool.Dispose();
            throw;
        }

        return OpenCore(spool, ownsSource: true, options);
    }

    /// <summary>Reads every key of a validated export into a list (convenience for small files and tests).</summary>
    /// <param name="path">The zip file.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The keys in file order.</returns>
    /// <exception cref="ExportFormatException">The file is malformed or no signature verifies.</exception>
    public static async Task<IReadOnlyList<DiagnosisKey>> ReadAllKeysAsync(string path, ExportReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ExportFileReader reader = await OpenAsync(path, options, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var keys = new List<DiagnosisKey>((int)Math.Min(reader.KeyCount, 1_000_000));
            await foreach (DiagnosisKey key in reader.ReadKeysAsync(cancellationToken).ConfigureAwait(false))
            {
                keys.Add(key);
            }

            return keys;
        }
    }

    /// <summary>Streams the keys (field <c>keys</c>) in file order, decoding one key at a time.</summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The keys.</returns>
    /// <exception cref="ExportFormatException">The archive became unreadable.</exception>
    public IAsyncEnumerable<DiagnosisKey> ReadKeysAsync(CancellationToken cancellationToken = default) =>
        ReadAsyncCore(KeyListSelection.Keys, cancellationToken);

    /// <summary>Streams the revised keys (field <c>revised_keys</c>) in file order.</summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The revised keys.</returns>
    /// <exception cref="ExportFormatException">The archive became unreadable.</exception>
    public IAsyncEnumerable<DiagnosisKey> ReadRevisedKeysAsync(CancellationToken cancellationToken = default) =>
        ReadAsyncCore(KeyListSelection.RevisedKeys, cancellationToken);

    /// <summary>Synchronously streams the keys (field <c>keys</c>) in file order.</summary>
    /// <returns>The keys.</returns>
    /// <exception cref="ExportFormatException">The archive became unreadable.</exception>
    public IEnumerable<DiagnosisKey> ReadKeys() => ReadCore(KeyListSelection.Keys);

    /// <summary>Synchronously streams the revised keys (field <c>revised_keys</c>) in file order.</summary>
    /// <returns>The revised keys.</returns>
    /// <exception cref="ExportFormatException">The archive became unreadable.</exception>
    public IEnumerable<DiagnosisKey> ReadRevisedKeys() => ReadCore(KeyListSelection.RevisedKeys);

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _binCopy?.Dispose();
        _pass?.Dispose();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _binCopy?.Dispose();
        _pass?.Dispose();
        await ValueTask.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>
    /// Returns <paramref name="zip"/> itself when it can seek; otherwise copies it to a temporary file (deleted when the
    /// returned stream is disposed), rejecting it as soon as it passes the size limit or lists too many entries.
    /// </summary>
    internal static async Task<Stream> SeekableAsync(Stream zip, ExportReaderOptions options, CancellationToken cancellationToken)
    {
        if (zip.CanSeek)
        {
            return zip;
        }

        FileStream spool = CreateSpoolFile(options);
        try
        {
            ZipSpoolGuard guard = SpoolGuard(options);
            byte[] buffer = new byte[81920];
            int read;
            while ((read = await zip.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                guard.Account(buffer.AsSpan(0, read));
                await spool.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            spool.Position = 0;
            return spool;
        }
        catch
        {
            await spool.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The copy of a non-seekable zip may hold both entries (at most as large as their limits) and zip overhead.</summary>
    private static ZipSpoolGuard SpoolGuard(ExportReaderOptions options) =>
        new(options.MaxExportBinLength + options.MaxSignatureFileLength + (1024 * 1024), MaxZipEntries);

    private static FileStream CreateSpoolFile(ExportReaderOptions options)
    {
        string directory = options.TemporaryDirectory ?? Path.GetTempPath();
        string path = Path.Combine(directory, "cocoa-export-" + Path.GetRandomFileName());
        return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
    }

    private static async Task<ExportFileReader> OpenCoreAsync(Stream source, bool ownsSource, ExportReaderOptions options, CancellationToken cancellationToken)
    {
        ZipArchive? archive = null;
        SpillBuffer? copy = null;
        try
        {
            ZipDirectoryLimits.Check(source, MaxZipEntries);
            try
            {
                archive = await ZipArchive.CreateAsync(source, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or ArgumentException)
            {
                throw new ExportFormatException(ExportFormatError.NotAZip, "The input is not a zip archive: " + ex.Message, ex);
            }

            (ZipArchiveEntry bin, ZipArchiveEntry sig) = FindEntries(archive, options);
            var reader = new ExportFileReader(options);
            byte[] sigBytes;
            ZipEntryReadStream sigStream = await OpenEntryAsync(sig, options.MaxSignatureFileLength, null, PrefersSynchronousReads(source), null, cancellationToken).ConfigureAwait(false);
            await using (sigStream.ConfigureAwait(false))
            {
                using var sigCopy = new MemoryStream();
                await sigStream.CopyToAsync(sigCopy, cancellationToken).ConfigureAwait(false);
                sigBytes = sigCopy.ToArray();
            }

            TEKSignatureList signatureList = ExportSignatureVerifier.ParseSignatureList(sigBytes);
            using HashSet hashes = HashSet.For(signatureList);
            ExportFormatException? parseError = null;
            copy = new SpillBuffer(InMemoryCopyThreshold, options.TemporaryDirectory, bin.Length);
            ZipEntryReadStream binStream = await OpenEntryAsync(bin, options.MaxExportBinLength, hashes.All, PrefersSynchronousReads(source), copy, cancellationToken).ConfigureAwait(false);
            var binReader = new ExportBinReader(binStream, KeyListSelection.None);
            await using (binReader.ConfigureAwait(false))
            {
                try
                {
                    while (await binReader.ReadBatchAsync([], cancellationToken).ConfigureAwait(false) > 0)
                    {
                    }
                }
                catch (ExportFormatException ex) when (ex.Error is not (ExportFormatError.CorruptArchive or ExportFormatError.TooLarge))
                {
                    // Finish the digest: an unauthentic file is reported as such before its format errors.
                    parseError = ex;
                    await binStream.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
                }
            }

            reader.Complete(binReader.Decoder, signatureList, hashes, parseError, copy);
            copy = null;
            return reader;
        }
        finally
        {
            // The keys are read back from the copy of export.bin: the archive is not needed any more.
            copy?.Dispose();
            if (archive is not null)
            {
                await archive.DisposeAsync().ConfigureAwait(false);
            }

            if (ownsSource)
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static ExportFileReader OpenCore(Stream source, bool ownsSource, ExportReaderOptions options)
    {
        ZipArchive? archive = null;
        SpillBuffer? copy = null;
        try
        {
            archive = OpenArchive(source);
            (ZipArchiveEntry bin, ZipArchiveEntry sig) = FindEntries(archive, options);
            var reader = new ExportFileReader(options);
            TEKSignatureList signatureList = ReadSignatureList(sig, options);
            using HashSet hashes = HashSet.For(signatureList);
            ExportFormatException? parseError = null;
            copy = new SpillBuffer(InMemoryCopyThreshold, options.TemporaryDirectory, bin.Length);
            using ZipEntryReadStream binStream = OpenEntry(bin, options.MaxExportBinLength, hashes.All, copy);
            using var binReader = new ExportBinReader(binStream, KeyListSelection.None);
            try
            {
                while (binReader.ReadBatch([]) > 0)
                {
                }
            }
            catch (ExportFormatException ex) when (ex.Error is not (ExportFormatError.CorruptArchive or ExportFormatError.TooLarge))
            {
                parseError = ex;
                binStream.CopyTo(Stream.Null);
            }

            reader.Complete(binReader.Decoder, signatureList, hashes, parseError, copy);
            copy = null;
            return reader;
        }
        finally
        {
            copy?.Dispose();
            archive?.Dispose();
            if (ownsSource)
            {
                source.Dispose();
            }
        }
    }

    /// <summary>Opens a seekable zip for reading after checking its entry count.</summary>
    private static ZipArchive OpenArchive(Stream source)
    {
        ZipDirectoryLimits.Check(source, MaxZipEntries);
        try
        {
            return new ZipArchive(source, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or ArgumentException)
        {
            throw new ExportFormatException(ExportFormatError.NotAZip, "The input is not a zip archive: " + ex.Message, ex);
        }
    }

    /// <summary>Reads and parses <c>export.sig</c>.</summary>
    private static TEKSignatureList ReadSignatureList(ZipArchiveEntry sig, ExportReaderOptions options)
    {
        using Stream sigStream = OpenEntry(sig, options.MaxSignatureFileLength, null);
        using var sigCopy = new MemoryStream();
        sigStream.CopyTo(sigCopy);
        return ExportSignatureVerifier.ParseSignatureList(sigCopy.ToArray());
    }

    private static (ZipArchiveEntry Bin, ZipArchiveEntry Sig) FindEntries(ZipArchive archive, ExportReaderOptions options)
    {
        ZipArchiveEntry? bin = null;
        ZipArchiveEntry? sig = null;
        IReadOnlyCollection<ZipArchiveEntry> entries;
        try
        {
            entries = archive.Entries;
        }
        catch (InvalidDataException ex)
        {
            throw new ExportFormatException(ExportFormatError.NotAZip, "The zip central directory is corrupt: " + ex.Message, ex);
        }

        foreach (ZipArchiveEntry entry in entries)
        {
            switch (entry.FullName)
            {
                case ExportBinEntryName:
                    if (bin is not null)
                    {
                        throw new ExportFormatException(ExportFormatError.DuplicateEntry, "The zip holds more than one 'export.bin' entry.");
                    }

                    bin = entry;
                    break;
                case ExportSigEntryName:
                    if (sig is not null)
                    {
                        throw new ExportFormatException(ExportFormatError.DuplicateEntry, "The zip holds more than one 'export.sig' entry.");
                    }

                    sig = entry;
                    break;
                default:
                    if (!options.AllowAdditionalEntries)
                    {
                        throw new ExportFormatException(
                            ExportFormatError.UnexpectedEntry,
                            $"The zip holds the entry '{entry.FullName}'; an export file holds only 'export.bin' and 'export.sig'.");
                    }

                    break;
            }
        }

        if (bin is null || sig is null)
        {
            throw new ExportFormatException(ExportFormatError.MissingEntry, $"The zip has no '{(bin is null ? ExportBinEntryName : ExportSigEntryName)}' entry.");
        }

        return (bin, sig);
    }

    private static async Task<ZipEntryReadStream> OpenEntryAsync(
        ZipArchiveEntry entry, long maxLength, IncrementalHash[]? hashes, bool synchronousReads, SpillBuffer? copy, CancellationToken cancellationToken)
    {
        if (entry.Length > maxLength)
        {
            throw new ExportFormatException(ExportFormatError.TooLarge, $"The zip entry '{entry.FullName}' is {entry.Length} bytes, more than the {maxLength}-byte limit.");
        }

        try
        {
            Stream stream = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
            return new ZipEntryReadStream(stream, entry.FullName, maxLength, hashes, synchronousReads, copy);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or NotSupportedException)
        {
            throw new ExportFormatException(ExportFormatError.CorruptArchive, $"The zip entry '{entry.FullName}' cannot be opened: {ex.Message}", ex);
        }
    }

    /// <summary>Local files and memory are read synchronously even on the async path (see <see cref="ZipEntryReadStream"/>).</summary>
    private static bool PrefersSynchronousReads(Stream source) => source is FileStream or MemoryStream;

    private static ZipEntryReadStream OpenEntry(ZipArchiveEntry entry, long maxLength, IncrementalHash[]? hashes, SpillBuffer? copy = null)
    {
        if (entry.Length > maxLength)
        {
            throw new ExportFormatException(ExportFormatError.TooLarge, $"The zip entry '{entry.FullName}' is {entry.Length} bytes, more than the {maxLength}-byte limit.");
        }

        try
        {
            return new ZipEntryReadStream(entry.Open(), entry.FullName, maxLength, hashes, synchronousReads: false, copy);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or NotSupportedException)
        {
            throw new ExportFormatException(ExportFormatError.CorruptArchive, $"The zip entry '{entry.FullName}' cannot be opened: {ex.Message}", ex);
        }
    }

    private void Complete(ExportBinDecoder decoder, TEKSignatureList signatureList, HashSet hashes, ExportFormatException? parseError, SpillBuffer? binCopy)
    {
        ExportBinSha256 = hashes.Digest(HashAlgorithmName.SHA256);
        var signatures = new List<ExportSignature>(signatureList.Signatures.Count);
        foreach (TEKSignature signature in signatureList.Signatures)
        {
            ExportSignatureInfo info = ExportSignatureVerifier.ToInfo(signature.SignatureInfo);
            byte[] bytes = signature.HasSignature ? signature.Signature.ToByteArray() : [];
            ExportSignatureStatus status = _options.TrustedKeys is { } trusted
                ? ExportSignatureVerifier.Check(info, bytes, trusted, hashes.Digest)
                : ExportSignatureStatus.NotChecked;
            signatures.Add(new ExportSignature(
                info,
                signature.HasBatchNum ? signature.BatchNum : null,
                signature.HasBatchSize ? signature.BatchSize : null,
                bytes,
                status));
        }

        Signatures = signatures;
        if (_options.TrustedKeys is not null && _options.RequireValidSignature && !IsSignatureValid)
        {
            throw ExportSignatureVerifier.Failure(signatures);
        }

        if (parseError is not null)
        {
            throw parseError;
        }

        Batch = decoder.BatchInfo;
        SignatureInfos = decoder.SignatureInfos.ToArray();
        KeyCount = decoder.KeyCount;
        RevisedKeyCount = decoder.RevisedKeyCount;
        _binCopy = binCopy;
    }

    private async IAsyncEnumerable<DiagnosisKey> ReadAsyncCore(KeyListSelection selection, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ThrowIfStreamingPass();
        DiagnosisKey[] batch = new DiagnosisKey[BatchLength];
        var reader = new ExportBinReader(_binCopy!.OpenRead(), selection);
        await using (reader.ConfigureAwait(false))
        {
            int count;
            while ((count = await reader.ReadBatchAsync(batch, cancellationToken).ConfigureAwait(false)) > 0)
            {
                for (int i = 0; i < count; i++)
                {
                    yield return batch[i];
                }
            }
        }
    }

    private IEnumerable<DiagnosisKey> ReadCore(KeyListSelection selection)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ThrowIfStreamingPass();
        DiagnosisKey[] batch = new DiagnosisKey[BatchLength];
        using var reader = new ExportBinReader(_binCopy!.OpenRead(), selection);
        int count;
        while ((count = reader.ReadBatch(batch)) > 0)
        {
            for (int i = 0; i < count; i++)
            {
                yield return batch[i];
            }
        }
    }

    /// <summary>The digests of export.bin that the signatures need (SHA-256 always).</summary>
    private sealed class HashSet : IDisposable
    {
        private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private readonly IncrementalHash? _sha512;
        private byte[]? _sha256Digest;
        private byte[]? _sha512Digest;

        private HashSet(bool sha512)
        {
            _sha512 = sha512 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA512) : null;
            All = _sha512 is null ? [_sha256] : [_sha256, _sha512];
        }

        public IncrementalHash[] All { get; }

        public static HashSet For(TEKSignatureList list) =>
            new(list.Signatures.Any(s => s.SignatureInfo?.SignatureAlgorithm == ExportSignatureInfo.EcdsaSha512Oid));

        public byte[] Digest(HashAlgorithmName algorithm)
        {
            if (algorithm == HashAlgorithmName.SHA512 && _sha512 is not null)
            {
                return _sha512Digest ??= _sha512.GetHashAndReset();
            }

            return _sha256Digest ??= _sha256.GetHashAndReset();
        }

        public void Dispose()
        {
            _sha256.Dispose();
            _sha512?.Dispose();
        }
    }
}
