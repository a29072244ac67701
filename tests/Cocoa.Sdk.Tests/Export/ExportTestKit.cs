using System.IO.Compression;
using System.Security.Cryptography;
using Cocoa.Sdk.Crypto;
using TemporaryExposureKey = Cocoa.Sdk.Crypto.TemporaryExposureKey;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Export.Internal.Protobuf;
using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;

namespace Cocoa.Sdk.Tests.Export;

/// <summary>Generators, a test signing key and zip helpers shared by the export tests.</summary>
internal static class ExportTestKit
{
    public static readonly ECDsa SigningEcdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static readonly ExportSigningKey Signer = ExportSigningKey.FromECDsa(SigningEcdsa, "440", "v1");

    public static ExportReaderOptions TrustingSigner(string? keyId = "440", string? keyVersion = "v1") => new()
    {
        TrustedKeys = new ExportPublicKeySet().Add(SigningEcdsa.ExportSubjectPublicKeyInfo(), keyId, keyVersion),
    };

    public static Gen<T?> Optional<T>(Gen<T> gen)
        where T : struct =>
        Gen.OneOf(Gen.Constant<T?>(null), gen.Select(v => (T?)v));

    public static Gen<DiagnosisKey> KeyGen { get; } =
        from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 16)
        from start in Gen.OneOf(Gen.Choose(0, int.MaxValue), Gen.Choose(2_600_000, 2_800_000), Gen.Constant(0))
        from period in Gen.OneOf(Gen.Choose(1, 144), Gen.Constant(144))
        from risk in Optional(Gen.Choose(0, 8))
        from type in Optional(Gen.Choose(0, 5).Select(t => (ReportType)t))
        from days in Optional(Gen.Choose(-14, 14))
        select new DiagnosisKey(TemporaryExposureKey.FromBytes(bytes, new EnIntervalNumber((uint)start), period), risk, type, days);

    public static Gen<ExportBatchInfo> BatchGen { get; } =
        from start in Optional(Gen.Choose(0, int.MaxValue).Select(v => (ulong)v * 3))
        from end in Optional(ArbMap.Default.GeneratorFor<ulong>())
        from region in Gen.OneOf(Gen.Constant<string?>(null), Gen.Elements<string?>("440", "US", "", "日本"), ArbMap.Default.GeneratorFor<NonNull<string>>().Select(s => (string?)s.Get))
        from batchNum in Optional(ArbMap.Default.GeneratorFor<int>())
        from batchSize in Optional(Gen.Choose(1, 3))
        select new ExportBatchInfo(start, end, region is null ? null : ValidUtf16(region), batchNum, batchSize);

    public static Gen<ExportFileContent> ContentGen { get; } =
        from batch in BatchGen
        from keys in Gen.ListOf(KeyGen)
        from revised in Gen.OneOf(Gen.Constant(new List<DiagnosisKey>()), Gen.ListOf(KeyGen).Select(l => l.ToList()))
        select new ExportFileContent(batch, keys.ToArray(), revised.ToArray());

    public static byte[] WriteZip(ExportFileContent content, params ExportSigningKey[] signers)
    {
        using var output = new MemoryStream();
        ExportFileWriter.WriteAsync(output, content, signers.Length == 0 ? [Signer] : signers, new ExportWriterOptions { CompressionLevel = CompressionLevel.Fastest })
            .GetAwaiter().GetResult();
        return output.ToArray();
    }

    /// <summary>Builds a zip from raw entries (to craft malformed files).</summary>
    public static byte[] Zip(params (string Name, byte[] Data)[] entries)
    {
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach ((string name, byte[] data) in entries)
            {
                ZipArchiveEntry entry = archive.CreateEntry(name, CompressionLevel.Fastest);
                using Stream stream = entry.Open();
                stream.Write(data);
            }
        }

        return output.ToArray();
    }

    /// <summary>A TEKSignatureList signing <paramref name="exportBin"/> with the test key.</summary>
    public static byte[] SignatureFile(byte[] exportBin)
    {
        var list = new TEKSignatureList();
        list.Signatures.Add(new TEKSignature
        {
            SignatureInfo = new SignatureInfo { VerificationKeyId = "440", VerificationKeyVersion = "v1", SignatureAlgorithm = ExportSignatureInfo.EcdsaSha256Oid },
            BatchNum = 1,
            BatchSize = 1,
            Signature = ByteString.CopyFrom(SigningEcdsa.SignData(exportBin, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)),
        });
        return list.ToByteArray();
    }

    public static byte[] ExportBin(params byte[][] messageParts) =>
        [.. "EK Export v1    "u8.ToArray(), .. messageParts.SelectMany(p => p)];

    public static (ExportBatchInfo Batch, List<DiagnosisKey> Keys, List<DiagnosisKey> Revised, IReadOnlyList<ExportSignatureInfo> Infos) ReadAll(byte[] zip, ExportReaderOptions? options)
    {
        using ExportFileReader reader = ExportFileReader.Open(new MemoryStream(zip), options);
        return (reader.Batch, reader.ReadKeys().ToList(), reader.ReadRevisedKeys().ToList(), reader.SignatureInfos);
    }

    public static async Task<(ExportBatchInfo Batch, List<DiagnosisKey> Keys, List<DiagnosisKey> Revised)> ReadAllAsync(Stream zip, ExportReaderOptions? options)
    {
        await using ExportFileReader reader = await ExportFileReader.OpenAsync(zip, options);
        var keys = new List<DiagnosisKey>();
        await foreach (DiagnosisKey key in reader.ReadKeysAsync())
        {
            keys.Add(key);
        }

        var revised = new List<DiagnosisKey>();
        await foreach (DiagnosisKey key in reader.ReadRevisedKeysAsync())
        {
            revised.Add(key);
        }

        return (reader.Batch, keys, revised);
    }

    private static string ValidUtf16(string s)
    {
        // Lone surrogates cannot round-trip through UTF-8.
        return new string(s.Select(c => char.IsSurrogate(c) ? '?' : c).ToArray());
    }
}

/// <summary>A read-only stream without seeking, like an HTTP response body.</summary>
internal sealed class NonSeekableStream(Stream inner) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 1000));

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
