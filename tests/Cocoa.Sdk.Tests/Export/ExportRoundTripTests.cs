using Cocoa.Sdk.Crypto;
using TemporaryExposureKey = Cocoa.Sdk.Crypto.TemporaryExposureKey;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Export.Internal.Protobuf;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Google.Protobuf;
using Xunit;
using static Cocoa.Sdk.Tests.Export.ExportTestKit;

namespace Cocoa.Sdk.Tests.Export;

/// <summary>write ∘ read = identity, and agreement with the generated Google.Protobuf classes.</summary>
public sealed class ExportRoundTripTests
{
    [Property(MaxTest = 60)]
    public Property Write_then_read_gives_back_the_same_content() =>
        Prop.ForAll(Arb.From(ContentGen), content =>
        {
            byte[] zip = WriteZip(content);
            var (batch, keys, revised, infos) = ReadAll(zip, TrustingSigner());
            Assert.Equal(content.Batch, batch);
            Assert.Equal(content.Keys, keys);
            Assert.Equal(content.RevisedKeys, revised);
            Assert.Equal(Signer.Info, Assert.Single(infos));
        });

    [Property(MaxTest = 30)]
    public Property Async_reader_over_a_non_seekable_stream_agrees() =>
        Prop.ForAll(Arb.From(ContentGen), content =>
        {
            byte[] zip = WriteZip(content);
            var (batch, keys, revised) = ReadAllAsync(new NonSeekableStream(new MemoryStream(zip)), TrustingSigner()).GetAwaiter().GetResult();
            Assert.Equal(content.Batch, batch);
            Assert.Equal(content.Keys, keys);
            Assert.Equal(content.RevisedKeys, revised);
        });

    [Property(MaxTest = 60)]
    public Property Encoded_export_bin_parses_identically_with_Google_Protobuf() =>
        Prop.ForAll(Arb.From(ContentGen), content =>
        {
            byte[] bin = ExportFileWriter.EncodeExportBin(content, [Signer.Info]);
            var message = TemporaryExposureKeyExport.Parser.ParseFrom(bin.AsSpan(16).ToArray());
            Assert.Equal(content.Batch.StartTimestamp, message.HasStartTimestamp ? message.StartTimestamp : null);
            Assert.Equal(content.Batch.Region, message.HasRegion ? message.Region : null);
            Assert.Equal(content.Batch.BatchNum, message.HasBatchNum ? message.BatchNum : null);
            Assert.Equal(content.Keys, message.Keys.Select(FromProto));
            Assert.Equal(content.RevisedKeys, message.RevisedKeys.Select(FromProto));
        });

    [Property(MaxTest = 60)]
    public Property Google_Protobuf_output_with_unknown_fields_decodes_identically() =>
        Prop.ForAll(Arb.From(ContentGen), content =>
        {
            var message = new TemporaryExposureKeyExport { Region = content.Batch.Region ?? "440", BatchNum = 1, BatchSize = 1 };
            foreach (DiagnosisKey key in content.Keys)
            {
                message.Keys.Add(ToProto(key));
            }

            // variant_of_concern = 8 is unknown to this SDK: append it to every key, then re-parse so it is kept as unknown.
            byte[] withUnknown = AppendVariantOfConcern(message);
            byte[] bin = ExportBin(withUnknown);
            byte[] zip = Zip(("export.bin", bin), ("export.sig", SignatureFile(bin)));
            var (batch, keys, _, _) = ReadAll(zip, TrustingSigner());
            Assert.Equal(message.Region, batch.Region);
            Assert.Equal(content.Keys, keys);
        });

    [Fact]
    public void Absent_rolling_period_and_start_use_the_protobuf_defaults()
    {
        var key = new Cocoa.Sdk.Export.Internal.Protobuf.TemporaryExposureKey { KeyData = ByteString.CopyFrom(new byte[16]) };
        var message = new TemporaryExposureKeyExport();
        message.Keys.Add(key);
        byte[] bin = ExportBin(message.ToByteArray());
        var (_, keys, _, _) = ReadAll(Zip(("export.bin", bin), ("export.sig", SignatureFile(bin))), TrustingSigner());
        DiagnosisKey read = Assert.Single(keys);
        Assert.Equal(144, read.Key.RollingPeriod);
        Assert.Equal(0u, read.Key.RollingStartIntervalNumber.Value);
        Assert.Null(read.TransmissionRiskLevel);
        Assert.Null(read.ReportType);
        Assert.Null(read.DaysSinceOnsetOfSymptoms);
    }

    [Fact]
    public async Task Large_file_with_huge_unknown_fields_streams_across_pipe_segments()
    {
        var content = new ExportFileContent(new ExportBatchInfo(1, 2, "440"), Gen.Sample(KeyGen, 30_000).ToArray(), Gen.Sample(KeyGen, 3_000).ToArray());
        byte[] bin = ExportFileWriter.EncodeExportBin(content, [Signer.Info]);
        var extra = new TemporaryExposureKeyExport();
        foreach (DiagnosisKey key in content.Keys.Take(500))
        {
            extra.Keys.Add(ToProto(key));
        }

        // An unknown 300 KB field (number 15), then more keys: the decoder must skip it in place and go on.
        byte[] unknown = [0x7A, .. Varint(300_000), .. new byte[300_000]];
        byte[] full = [.. bin, .. unknown, .. extra.ToByteArray()];
        byte[] zip = Zip(("export.bin", full), ("export.sig", SignatureFile(full)));
        var expected = content.Keys.Concat(content.Keys.Take(500)).ToList();

        var (_, keys, revised) = await ReadAllAsync(new NonSeekableStream(new MemoryStream(zip)), TrustingSigner());
        Assert.Equal(expected, keys);
        Assert.Equal(content.RevisedKeys, revised);
        var (_, syncKeys, syncRevised, _) = ReadAll(zip, TrustingSigner());
        Assert.Equal(expected, syncKeys);
        Assert.Equal(content.RevisedKeys, syncRevised);
    }

    [Fact]
    public void Key_rotation_any_trusted_signature_suffices()
    {
        using var oldKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        using ExportSigningKey old = ExportSigningKey.FromECDsa(oldKey, "440", "v0");
        var content = new ExportFileContent(new ExportBatchInfo(1, 2, "440"), Gen.Sample(KeyGen, 10).ToArray(), []);
        byte[] zip = WriteZip(content, Signer, old);

        using ExportFileReader onlyOld = ExportFileReader.Open(new MemoryStream(zip), new ExportReaderOptions
        {
            TrustedKeys = new ExportPublicKeySet().Add(oldKey.ExportSubjectPublicKeyInfo(), "440", "v0"),
        });
        Assert.Equal(2, onlyOld.Signatures.Count);
        Assert.Equal(ExportSignatureStatus.UnknownKey, onlyOld.Signatures[0].Status);
        Assert.Equal(ExportSignatureStatus.Valid, onlyOld.Signatures[1].Status);
        Assert.Equal(content.Keys, onlyOld.ReadKeys());

        // Trusting the new key under the old key's version: no match, the file is rejected.
        var ex = Assert.Throws<ExportFormatException>(() => ExportFileReader.Open(new MemoryStream(zip), TrustingSigner("440", "v9")));
        Assert.Equal(ExportFormatError.UnknownSigningKey, ex.Error);
    }

    [Fact]
    public async Task Signing_key_from_pem_signs_files_the_public_pem_verifies()
    {
        using var ecdsa = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        using ExportSigningKey signer = ExportSigningKey.FromPem(ecdsa.ExportECPrivateKeyPem(), "440", "v1");
        var content = new ExportFileContent(new ExportBatchInfo(1, 2, "440"), Gen.Sample(KeyGen, 5).ToArray(), []);
        using var output = new MemoryStream();
        await ExportFileWriter.WriteAsync(output, content, [signer]);
        output.Position = 0;
        await using ExportFileReader reader = await ExportFileReader.OpenAsync(output, new ExportReaderOptions { TrustedKeys = ExportPublicKeySet.FromPem(signer.ExportSubjectPublicKeyInfoPem()) });
        Assert.True(reader.IsSignatureValid);
    }

    [Fact]
    public void Writer_rejects_out_of_range_metadata_and_bad_key_names()
    {
        var key = TemporaryExposureKey.FromBytes(new byte[16], new EnIntervalNumber(2_700_000));
        Assert.Throws<ArgumentException>(() => ExportFileWriter.EncodeExportBin(new ExportFileContent(new ExportBatchInfo(1, 2, "440"), [new DiagnosisKey(key, 9)], []), []));
        Assert.Throws<ArgumentException>(() => ExportFileWriter.EncodeExportBin(new ExportFileContent(new ExportBatchInfo(1, 2, "440"), [new DiagnosisKey(key, DaysSinceOnsetOfSymptoms: 15)], []), []));
        Assert.Throws<ArgumentException>(() => ExportFileWriter.EncodeExportBin(new ExportFileContent(new ExportBatchInfo(1, 2, "440"), [new DiagnosisKey(key, ReportType: (ReportType)6)], []), []));
        var late = TemporaryExposureKey.FromBytes(new byte[16], new EnIntervalNumber(uint.MaxValue - 200));
        Assert.Throws<ArgumentException>(() => ExportFileWriter.EncodeExportBin(new ExportFileContent(new ExportBatchInfo(1, 2, "440"), [new DiagnosisKey(late)], []), []));
        Assert.Throws<ArgumentException>(() => ExportSigningKey.FromECDsa(SigningEcdsa, "4-40", "v1"));
        Assert.Throws<ArgumentException>(() => ExportSigningKey.FromECDsa(SigningEcdsa, "440", ""));
        using var p384 = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP384);
        Assert.Throws<ArgumentException>(() => ExportSigningKey.FromECDsa(p384, "440", "v1"));
        Assert.Throws<ArgumentException>(() => new ExportPublicKeySet().Add(p384.ExportSubjectPublicKeyInfo()));
    }

    internal static DiagnosisKey FromProto(Cocoa.Sdk.Export.Internal.Protobuf.TemporaryExposureKey key) =>
        new(
            TemporaryExposureKey.FromBytes(key.KeyData.Span, new EnIntervalNumber((uint)key.RollingStartIntervalNumber), key.RollingPeriod),
            key.HasTransmissionRiskLevel ? key.TransmissionRiskLevel : null,
            key.HasReportType ? (ReportType)key.ReportType : null,
            key.HasDaysSinceOnsetOfSymptoms ? key.DaysSinceOnsetOfSymptoms : null);

    internal static Cocoa.Sdk.Export.Internal.Protobuf.TemporaryExposureKey ToProto(DiagnosisKey key)
    {
        var proto = new Cocoa.Sdk.Export.Internal.Protobuf.TemporaryExposureKey
        {
            KeyData = ByteString.CopyFrom(key.Key.ToKeyArray()),
            RollingStartIntervalNumber = (int)key.Key.RollingStartIntervalNumber.Value,
            RollingPeriod = key.Key.RollingPeriod,
        };
        if (key.TransmissionRiskLevel is { } risk)
        {
            proto.TransmissionRiskLevel = risk;
        }

        if (key.ReportType is { } type)
        {
            proto.ReportType = (Cocoa.Sdk.Export.Internal.Protobuf.TemporaryExposureKey.Types.ReportType)type;
        }

        if (key.DaysSinceOnsetOfSymptoms is { } days)
        {
            proto.DaysSinceOnsetOfSymptoms = days;
        }

        return proto;
    }

    private static byte[] AppendVariantOfConcern(TemporaryExposureKeyExport message)
    {
        // Re-encode each key with field 8 (varint 2) appended, by hand.
        var output = new List<byte>();
        var header = message.Clone();
        header.Keys.Clear();
        output.AddRange(header.ToByteArray());
        foreach (var key in message.Keys)
        {
            byte[] body = [.. key.ToByteArray(), 0x40, 0x02];
            output.Add(0x3A);
            output.AddRange(Varint((ulong)body.Length));
            output.AddRange(body);
        }

        return output.ToArray();
    }

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return bytes.ToArray();
    }
}
