using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using Cocoa.Sdk.Export.Internal;
using Cocoa.Sdk.Export.Internal.Protobuf;
using Google.Protobuf;

namespace Cocoa.Sdk.Export;

/// <summary>
/// Writes one signed export zip: <c>export.bin</c> (header + <c>TemporaryExposureKeyExport</c>) then <c>export.sig</c>
/// (one <c>TEKSignature</c> per signing key, DER ECDSA over SHA-256 of the whole <c>export.bin</c>).
/// </summary>
/// <remarks>
/// <para>Keys are encoded straight into the zip entry while the digest is computed, so only the key list itself is in
/// memory. Keys are written in the given order: use <c>ExportBatcher</c> (Cocoa.Sdk.Server) to sort or shuffle, pad and split them.
/// A rolling period of 144 and a rolling start of 0 are omitted (their protobuf defaults), as Google's server does.</para>
/// <para>Zip entry timestamps are fixed at 1980-01-01 so the archive reveals nothing about when it was made.</para>
/// </remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class ExportFileWriter
{
    /// <summary>At most this many signatures are written; phones ignore the rest.</summary>
    public const int MaxSignatures = 10;

    private const int ChunkLength = 64 * 1024;
    private const int MaxEncodedKeyLength = 64;

    private static readonly DateTimeOffset EntryTimestamp = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes a signed export zip to a stream.</summary>
    /// <param name="destination">The stream to write the zip to (need not be seekable); left open.</param>
    /// <param name="content">The batch fields and keys.</param>
    /// <param name="signingKeys">One to ten signing keys, newest first.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the zip is written.</returns>
    /// <exception cref="ArgumentException">A key has metadata outside its range (risk 0..8, report type, days -14..14) or a
    /// rolling start beyond the int32 range, or the number of signing keys is not 1..10.</exception>
    public static async Task WriteAsync(
        Stream destination,
        ExportFileContent content,
        IReadOnlyList<ExportSigningKey> signingKeys,
        ExportWriterOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        byte[] header = EncodeHeader(content, signingKeys);
        options ??= ExportWriterOptions.Default;
        ZipArchive archive = await ZipArchive.CreateAsync(destination, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken).ConfigureAwait(false);
        await using (archive.ConfigureAwait(false))
        {
            using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            ZipArchiveEntry binEntry = archive.CreateEntry(ExportFileReader.ExportBinEntryName, options.CompressionLevel);
            binEntry.LastWriteTime = EntryTimestamp;
            Stream bin = await binEntry.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (bin.ConfigureAwait(false))
            {
                byte[] chunk = ArrayPool<byte>.Shared.Rent(ChunkLength);
                try
                {
                    var encoder = new KeyEncoder(content, header);
                    int length;
                    while ((length = encoder.Fill(chunk)) > 0)
                    {
                        sha256.AppendData(chunk, 0, length);
                        await bin.WriteAsync(chunk.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(chunk);
                }
            }

            byte[] signatures = Sign(sha256.GetHashAndReset(), content, signingKeys);
            ZipArchiveEntry sigEntry = archive.CreateEntry(ExportFileReader.ExportSigEntryName, options.CompressionLevel);
            sigEntry.LastWriteTime = EntryTimestamp;
            Stream sig = await sigEntry.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (sig.ConfigureAwait(false))
            {
                await sig.WriteAsync(signatures, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Writes a signed export zip to a file (created or overwritten).</summary>
    /// <param name="path">The zip file to write.</param>
    /// <param name="content">The batch fields and keys.</param>
    /// <param name="signingKeys">One to ten signing keys, newest first.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the file is written.</returns>
    /// <exception cref="ArgumentException">See <see cref="WriteAsync(Stream, ExportFileContent, IReadOnlyList{ExportSigningKey}, ExportWriterOptions?, CancellationToken)"/>.</exception>
    public static async Task WriteAsync(
        string path,
        ExportFileContent content,
        IReadOnlyList<ExportSigningKey> signingKeys,
        ExportWriterOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        await using (file.ConfigureAwait(false))
        {
            await WriteAsync(file, content, signingKeys, options, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Encodes <c>export.bin</c> (header included) into memory, e.g. for tests or custom containers.</summary>
    /// <param name="content">The batch fields and keys.</param>
    /// <param name="signatureInfos">The signature infos to list in the file.</param>
    /// <returns>The bytes of <c>export.bin</c>.</returns>
    /// <exception cref="ArgumentException">A key has metadata outside its range.</exception>
    public static byte[] EncodeExportBin(ExportFileContent content, IReadOnlyList<ExportSignatureInfo> signatureInfos)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(signatureInfos);
        var encoder = new KeyEncoder(content, EncodeHeader(content, signatureInfos));
        using var output = new MemoryStream();
        byte[] chunk = new byte[ChunkLength];
        int length;
        while ((length = encoder.Fill(chunk)) > 0)
        {
            output.Write(chunk, 0, length);
        }

        return output.ToArray();
    }

    private static byte[] EncodeHeader(ExportFileContent content, IReadOnlyList<ExportSigningKey> signingKeys)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(signingKeys);
        if (signingKeys.Count is < 1 or > MaxSignatures)
        {
            throw new ArgumentException($"An export file is signed by 1 to {MaxSignatures} keys; got {signingKeys.Count}.", nameof(signingKeys));
        }

        return EncodeHeader(content, signingKeys.Select(k => k.Info).ToArray());
    }

    private static byte[] EncodeHeader(ExportFileContent content, IReadOnlyList<ExportSignatureInfo> signatureInfos)
    {
        var message = new TemporaryExposureKeyExport();
        ExportBatchInfo batch = content.Batch;
        if (batch.StartTimestamp is { } start)
        {
            message.StartTimestamp = start;
        }

        if (batch.EndTimestamp is { } end)
        {
            message.EndTimestamp = end;
        }

        if (batch.Region is { } region)
        {
            message.Region = region;
        }

        if (batch.BatchNum is { } batchNum)
        {
            message.BatchNum = batchNum;
        }

        if (batch.BatchSize is { } batchSize)
        {
            message.BatchSize = batchSize;
        }

        foreach (ExportSignatureInfo info in signatureInfos)
        {
            message.SignatureInfos.Add(ToProto(info));
        }

        byte[] header = new byte[ExportBinDecoder.HeaderLength + message.CalculateSize()];
        ExportBinDecoder.Header.CopyTo(header);
        message.WriteTo(header.AsSpan(ExportBinDecoder.HeaderLength));
        return header;
    }

    private static SignatureInfo ToProto(ExportSignatureInfo info)
    {
        var proto = new SignatureInfo();
        if (info.KeyId is { } id)
        {
            proto.VerificationKeyId = id;
        }

        if (info.KeyVersion is { } version)
        {
            proto.VerificationKeyVersion = version;
        }

        if (info.Algorithm is { } algorithm)
        {
            proto.SignatureAlgorithm = algorithm;
        }

        return proto;
    }

    private static byte[] Sign(byte[] digest, ExportFileContent content, IReadOnlyList<ExportSigningKey> signingKeys)
    {
        var list = new TEKSignatureList();
        foreach (ExportSigningKey key in signingKeys)
        {
            var signature = new TEKSignature
            {
                SignatureInfo = ToProto(key.Info),
                Signature = ByteString.CopyFrom(key.SignDigest(digest)),
            };
            if (content.Batch.BatchNum is { } batchNum)
            {
                signature.BatchNum = batchNum;
            }

            if (content.Batch.BatchSize is { } batchSize)
            {
                signature.BatchSize = batchSize;
            }

            list.Signatures.Add(signature);
        }

        return list.ToByteArray();
    }

    /// <summary>Produces export.bin in chunks: the header, then every key, then every revised key.</summary>
    private sealed class KeyEncoder(ExportFileContent content, byte[] header)
    {
        private int _headerWritten;
        private int _key;
        private int _revised;

        public int Fill(Span<byte> chunk)
        {
            int pos = 0;
            if (_headerWritten < header.Length)
            {
                int n = Math.Min(header.Length - _headerWritten, chunk.Length);
                header.AsSpan(_headerWritten, n).CopyTo(chunk);
                _headerWritten += n;
                pos = n;
            }

            IReadOnlyList<DiagnosisKey> keys = content.Keys;
            while (_key < keys.Count && chunk.Length - pos >= MaxEncodedKeyLength)
            {
                pos += EncodeKey(chunk[pos..], FieldTagKeys, keys[_key], _key, revised: false);
                _key++;
            }

            IReadOnlyList<DiagnosisKey> revisedKeys = content.RevisedKeys;
            while (_key == keys.Count && _revised < revisedKeys.Count && chunk.Length - pos >= MaxEncodedKeyLength)
            {
                pos += EncodeKey(chunk[pos..], FieldTagRevisedKeys, revisedKeys[_revised], _revised, revised: true);
                _revised++;
            }

            return pos;
        }

        private static byte FieldTagKeys => ProtoWire.Tag(7, ProtoWire.WireLengthDelimited);

        private static byte FieldTagRevisedKeys => ProtoWire.Tag(8, ProtoWire.WireLengthDelimited);
    }

    internal static int EncodeKey(Span<byte> destination, byte fieldTag, in DiagnosisKey key, int index, bool revised)
    {
        uint rollingStart = key.Key.RollingStartIntervalNumber.Value;
        if (rollingStart > int.MaxValue)
        {
            throw InvalidKey(index, revised, $"rolling start interval number {rollingStart} does not fit the int32 field");
        }

        if (key.TransmissionRiskLevel is < 0 or > 8)
        {
            throw InvalidKey(index, revised, $"transmission risk level {key.TransmissionRiskLevel} is outside 0..8");
        }

        if (key.ReportType is { } type && (type < ReportType.Unknown || type > ReportType.Revoked))
        {
            throw InvalidKey(index, revised, $"report type {(int)type} is not defined");
        }

        if (key.DaysSinceOnsetOfSymptoms is < -14 or > 14)
        {
            throw InvalidKey(index, revised, $"days since onset of symptoms {key.DaysSinceOnsetOfSymptoms} is outside -14..14");
        }

        // Body: at most 18 (key_data) + 2 (risk) + 6 (start) + 3 (period) + 2 (type) + 2 (days) bytes, so its length fits one byte.
        Span<byte> body = destination[2..];
        body[0] = ProtoWire.Tag(1, ProtoWire.WireLengthDelimited);
        body[1] = 16;
        key.Key.CopyKeyTo(body[2..]);
        int pos = 18;
        if (key.TransmissionRiskLevel is { } risk)
        {
            body[pos++] = ProtoWire.Tag(2, ProtoWire.WireVarint);
            pos += ProtoWire.WriteVarint(body[pos..], (uint)risk);
        }

        if (rollingStart != 0)
        {
            body[pos++] = ProtoWire.Tag(3, ProtoWire.WireVarint);
            pos += ProtoWire.WriteVarint(body[pos..], rollingStart);
        }

        if (key.Key.RollingPeriod != Crypto.TemporaryExposureKey.MaxRollingPeriod)
        {
            body[pos++] = ProtoWire.Tag(4, ProtoWire.WireVarint);
            pos += ProtoWire.WriteVarint(body[pos..], (uint)key.Key.RollingPeriod);
        }

        if (key.ReportType is { } reportType)
        {
            body[pos++] = ProtoWire.Tag(5, ProtoWire.WireVarint);
            pos += ProtoWire.WriteVarint(body[pos..], (uint)reportType);
        }

        if (key.DaysSinceOnsetOfSymptoms is { } days)
        {
            body[pos++] = ProtoWire.Tag(6, ProtoWire.WireVarint);
            pos += ProtoWire.WriteVarint(body[pos..], ProtoWire.EncodeZigZag32(days));
        }

        destination[0] = fieldTag;
        destination[1] = (byte)pos;
        return pos + 2;
    }

    private static ArgumentException InvalidKey(int index, bool revised, string what) =>
        new($"{(revised ? "Revised key" : "Key")} #{index}: {what}.", "content");
}
