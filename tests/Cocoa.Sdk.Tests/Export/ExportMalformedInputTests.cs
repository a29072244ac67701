using Cocoa.Sdk.Export;
using Cocoa.Sdk.Export.Internal.Protobuf;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Google.Protobuf;
using Xunit;
using static Cocoa.Sdk.Tests.Export.ExportTestKit;

namespace Cocoa.Sdk.Tests.Export;

/// <summary>Every defect gives <see cref="ExportFormatException"/> with the right reason; nothing else escapes.</summary>
public sealed class ExportMalformedInputTests
{
    private static readonly ExportFileContent Sample = new(
        new ExportBatchInfo(1_700_000_000, 1_700_086_400, "440"),
        Gen.Sample(KeyGen, 40).ToArray(),
        Gen.Sample(KeyGen, 3).ToArray());

    private static readonly byte[] SampleZip = WriteZip(Sample);

    private static ExportFormatError Reject(byte[] zip, ExportReaderOptions? options = null)
    {
        var ex = Assert.Throws<ExportFormatException>(() => ExportFileReader.Open(new MemoryStream(zip), options));
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        return ex.Error;
    }

    private static async Task<ExportFormatError> RejectAsync(byte[] zip, ExportReaderOptions? options = null)
    {
        var ex = await Assert.ThrowsAsync<ExportFormatException>(() => ExportFileReader.OpenAsync(new NonSeekableStream(new MemoryStream(zip)), options));
        return ex.Error;
    }

    /// <summary>Opens and reads everything; returns the content or the typed error. Any other exception fails the test.</summary>
    private static (ExportBatchInfo Batch, List<DiagnosisKey> Keys, List<DiagnosisKey> Revised, IReadOnlyList<ExportSignatureInfo> Infos)? TryReadAll(byte[] zip, ExportReaderOptions? options)
    {
        try
        {
            return ReadAll(zip, options);
        }
        catch (ExportFormatException)
        {
            return null;
        }
    }

    [Property(MaxTest = 300)]
    public Property Any_single_byte_corruption_is_detected_or_harmless() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, SampleZip.Length - 1)), Arb.From(Gen.Choose(1, 255)), (position, flip) =>
        {
            byte[] corrupted = (byte[])SampleZip.Clone();
            corrupted[position] ^= (byte)flip;
            var result = TryReadAll(corrupted, TrustingSigner());

            // Bytes outside the signed content (zip timestamps, comments, version fields) may change without effect.
            Assert.True(result is null || (result.Value.Batch == Sample.Batch && result.Value.Keys.SequenceEqual(Sample.Keys) && result.Value.Revised.SequenceEqual(Sample.RevisedKeys)));
        });

    [Property(MaxTest = 100)]
    public Property Any_truncation_is_detected() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, SampleZip.Length - 1)), length =>
            Assert.Null(TryReadAll(SampleZip.AsSpan(0, length).ToArray(), TrustingSigner())));

    [Property(MaxTest = 300)]
    public Property Export_bin_corruption_without_signature_check_is_a_typed_error_or_a_valid_parse() =>
        Prop.ForAll(Arb.From(Gen.Choose(16, 200)), Arb.From(Gen.Choose(0, 255)), (position, value) =>
        {
            byte[] bin = ExportFileWriter.EncodeExportBin(Sample, [Signer.Info]);
            bin[Math.Min(position, bin.Length - 1)] = (byte)value;
            _ = TryReadAll(Zip(("export.bin", bin), ("export.sig", SignatureFile(bin))), null);
        });

    [Property(MaxTest = 300)]
    public void Random_bytes_as_a_zip_never_escape_as_another_exception(byte[] bytes) => _ = TryReadAll(bytes, TrustingSigner());

    [Property(MaxTest = 500)]
    public void Random_protobuf_after_the_header_never_escapes_as_another_exception(byte[] payload)
    {
        byte[] bin = ExportBin(payload);
        _ = TryReadAll(Zip(("export.bin", bin), ("export.sig", SignatureFile(bin))), null);
        _ = TryReadAll(Zip(("export.bin", bin), ("export.sig", SignatureFile(bin))), TrustingSigner());
    }

    [Property(MaxTest = 300)]
    public void Random_key_messages_never_escape_as_another_exception(byte[] keyMessage)
    {
        byte[] bin = ExportBin([0x3A, (byte)Math.Min(keyMessage.Length, 127), .. keyMessage.Take(127)]);
        _ = TryReadAll(Zip(("export.bin", bin), ("export.sig", SignatureFile(bin))), null);
    }

    [Property(MaxTest = 300)]
    public void Random_signature_files_never_escape_as_another_exception(byte[] sig)
    {
        byte[] bin = ExportFileWriter.EncodeExportBin(Sample, [Signer.Info]);
        _ = TryReadAll(Zip(("export.bin", bin), ("export.sig", sig)), TrustingSigner());
    }

    [Fact]
    public async Task Not_a_zip()
    {
        Assert.Equal(ExportFormatError.NotAZip, Reject("EK Export v1    "u8.ToArray()));
        Assert.Equal(ExportFormatError.NotAZip, Reject([]));
        Assert.Equal(ExportFormatError.NotAZip, await RejectAsync(new byte[1000]));
    }

    [Fact]
    public void Missing_duplicate_and_unexpected_entries()
    {
        byte[] bin = ExportFileWriter.EncodeExportBin(Sample, [Signer.Info]);
        byte[] sig = SignatureFile(bin);
        Assert.Equal(ExportFormatError.MissingEntry, Reject(Zip(("export.bin", bin))));
        Assert.Equal(ExportFormatError.MissingEntry, Reject(Zip(("export.sig", sig))));
        Assert.Equal(ExportFormatError.MissingEntry, Reject(Zip(("EXPORT.BIN", bin), ("export.sig", sig)), new ExportReaderOptions { AllowAdditionalEntries = true }));
        Assert.Equal(ExportFormatError.DuplicateEntry, Reject(Zip(("export.bin", bin), ("export.bin", bin), ("export.sig", sig))));
        Assert.Equal(ExportFormatError.UnexpectedEntry, Reject(Zip(("export.bin", bin), ("export.sig", sig), ("../export.bin", bin))));
        Assert.Equal(ExportFormatError.UnexpectedEntry, Reject(Zip(("export.bin", bin), ("export.sig", sig), ("dir/", []))));
    }

    [Fact]
    public void Header_errors()
    {
        byte[] bin = ExportFileWriter.EncodeExportBin(Sample, [Signer.Info]);
        byte[] wrong = (byte[])bin.Clone();
        wrong[12] = (byte)'2';
        Assert.Equal(ExportFormatError.InvalidHeader, Reject(Zip(("export.bin", wrong), ("export.sig", SignatureFile(wrong)))));
        byte[] shortBin = bin[..10];
        Assert.Equal(ExportFormatError.InvalidHeader, Reject(Zip(("export.bin", shortBin), ("export.sig", SignatureFile(shortBin)))));
        byte[] headerless = bin[16..];
        Assert.Equal(ExportFormatError.InvalidHeader, Reject(Zip(("export.bin", headerless), ("export.sig", SignatureFile(headerless)))));
    }

    [Fact]
    public void Truncated_and_garbage_protobuf()
    {
        byte[] bin = ExportFileWriter.EncodeExportBin(Sample, [Signer.Info]);
        byte[] truncated = bin[..^5];
        Assert.Equal(ExportFormatError.MalformedExport, Reject(Zip(("export.bin", truncated), ("export.sig", SignatureFile(truncated)))));
        byte[] garbage = ExportBin([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
        Assert.Equal(ExportFormatError.MalformedExport, Reject(Zip(("export.bin", garbage), ("export.sig", SignatureFile(garbage)))));
        byte[] group = ExportBin([0x0B, 0x0C]);
        Assert.Equal(ExportFormatError.MalformedExport, Reject(Zip(("export.bin", group), ("export.sig", SignatureFile(group)))));
        byte[] badUtf8 = ExportBin([0x1A, 0x02, 0xC3, 0x28]);
        Assert.Equal(ExportFormatError.MalformedExport, Reject(Zip(("export.bin", badUtf8), ("export.sig", SignatureFile(badUtf8)))));
    }

    [Theory]
    [InlineData(new byte[] { 0x0A, 0x0F, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "key_data is 15 bytes")]
    [InlineData(new byte[] { 0x10, 0x01 }, "key_data is missing")]
    [InlineData(new byte[] { 0x0A, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x20, 0x00 }, "rolling_period 0")]
    [InlineData(new byte[] { 0x0A, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x20, 0x91, 0x01 }, "rolling_period 145")]
    [InlineData(new byte[] { 0x0A, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, "rolling_start_interval_number -1")]
    [InlineData(new byte[] { 0x0A, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0x09 }, "transmission_risk_level 9")]
    [InlineData(new byte[] { 0x0A, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x28, 0x06 }, "report_type 6")]
    [InlineData(new byte[] { 0x0A, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x30, 0x3E }, "days_since_onset_of_symptoms 31")]
    public void Invalid_keys_are_rejected_with_the_reason(byte[] keyMessage, string reason)
    {
        byte[] bin = ExportBin([0x3A, (byte)keyMessage.Length, .. keyMessage]);
        var ex = Assert.Throws<ExportFormatException>(() => ExportFileReader.Open(new MemoryStream(Zip(("export.bin", bin), ("export.sig", SignatureFile(bin))))));
        Assert.Equal(ExportFormatError.InvalidKey, ex.Error);
        Assert.True(ex.Message.Contains(reason, StringComparison.Ordinal), ex.Message);
        Assert.Contains("key #0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Signature_errors_have_their_own_reasons()
    {
        byte[] bin = ExportFileWriter.EncodeExportBin(Sample, [Signer.Info]);
        byte[] validSig = TEKSignatureList.Parser.ParseFrom(SignatureFile(bin)).Signatures[0].Signature.ToByteArray();

        byte[] Sig(string? algorithm, byte[] signature, string keyId = "440")
        {
            var info = new SignatureInfo { VerificationKeyId = keyId, VerificationKeyVersion = "v1" };
            if (algorithm is not null)
            {
                info.SignatureAlgorithm = algorithm;
            }

            var list = new TEKSignatureList();
            list.Signatures.Add(new TEKSignature { SignatureInfo = info, Signature = ByteString.CopyFrom(signature) });
            return list.ToByteArray();
        }

        Assert.Equal(ExportFormatError.MissingSignature, Reject(Zip(("export.bin", bin), ("export.sig", [])), TrustingSigner()));
        Assert.Equal(ExportFormatError.MalformedSignatureList, Reject(Zip(("export.bin", bin), ("export.sig", [0xFF, 0xFF])), TrustingSigner()));
        Assert.Equal(ExportFormatError.MalformedSignature, Reject(Zip(("export.bin", bin), ("export.sig", Sig(ExportSignatureInfo.EcdsaSha256Oid, validSig[..^1]))), TrustingSigner()));
        Assert.Equal(ExportFormatError.MalformedSignature, Reject(Zip(("export.bin", bin), ("export.sig", Sig(ExportSignatureInfo.EcdsaSha256Oid, new byte[64]))), TrustingSigner()));
        Assert.Equal(ExportFormatError.UnsupportedSignatureAlgorithm, Reject(Zip(("export.bin", bin), ("export.sig", Sig("SHA256withECDSA", validSig))), TrustingSigner()));
        Assert.Equal(ExportFormatError.UnknownSigningKey, Reject(Zip(("export.bin", bin), ("export.sig", Sig(ExportSignatureInfo.EcdsaSha256Oid, validSig, "310"))), TrustingSigner()));

        // Absent algorithm means ECDSA-SHA256 (as Apple does); the signature still has to verify.
        using ExportFileReader lenient = ExportFileReader.Open(new MemoryStream(Zip(("export.bin", bin), ("export.sig", Sig(null, validSig)))), TrustingSigner());
        Assert.True(lenient.IsSignatureValid);
        byte[] tampered = (byte[])bin.Clone();
        tampered[^1] ^= 1;
        Assert.Equal(ExportFormatError.SignatureMismatch, Reject(Zip(("export.bin", tampered), ("export.sig", Sig(ExportSignatureInfo.EcdsaSha256Oid, validSig))), TrustingSigner()));
    }

    [Fact]
    public void Size_limits_apply_to_the_decompressed_entries()
    {
        var options = TrustingSigner();
        options.MaxExportBinLength = 100;
        Assert.Equal(ExportFormatError.TooLarge, Reject(SampleZip, options));
        var sigLimit = TrustingSigner();
        sigLimit.MaxSignatureFileLength = 10;
        Assert.Equal(ExportFormatError.TooLarge, Reject(SampleZip, sigLimit));
    }

    [Fact]
    public async Task Temporary_copies_are_deleted()
    {
        string directory = Directory.CreateTempSubdirectory("cocoa-export-test").FullName;
        try
        {
            var options = TrustingSigner();
            options.TemporaryDirectory = directory;

            // The spooled zip is released once opened; a small export.bin is kept in memory.
            await using (ExportFileReader reader = await ExportFileReader.OpenAsync(new NonSeekableStream(new MemoryStream(SampleZip)), options))
            {
                Assert.Empty(Directory.GetFiles(directory));
                Assert.Equal(Sample.Keys, await ToListAsync(reader.ReadKeysAsync()));
            }

            // A large export.bin (> 1 MiB) is copied to a temporary file while the reader is open.
            var large = new ExportFileContent(Sample.Batch, Gen.Sample(KeyGen, 60_000).ToArray(), []);
            await using (ExportFileReader reader = await ExportFileReader.OpenAsync(new NonSeekableStream(new MemoryStream(WriteZip(large))), options))
            {
                Assert.Single(Directory.GetFiles(directory));
                Assert.Equal(large.Keys, await ToListAsync(reader.ReadKeysAsync()));
                Assert.Equal(large.Keys, reader.ReadKeys().ToList());
            }

            Assert.Empty(Directory.GetFiles(directory));
            using (ExportFileReader reader = ExportFileReader.Open(new NonSeekableStream(new MemoryStream(WriteZip(large))), options))
            {
                Assert.Single(Directory.GetFiles(directory));
                List<DiagnosisKey>[] concurrent = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => reader.ReadKeys().ToList())));
                Assert.All(concurrent, keys => Assert.Equal(large.Keys, keys));
            }

            Assert.Empty(Directory.GetFiles(directory));
            Assert.Equal(ExportFormatError.NotAZip, await RejectAsync(new byte[10], options));
            var tampered = (byte[])WriteZip(large).Clone();
            Assert.Null(TryReadAll(tampered[..^200], options));
            Assert.Empty(Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<List<DiagnosisKey>> ToListAsync(IAsyncEnumerable<DiagnosisKey> keys)
    {
        var list = new List<DiagnosisKey>();
        await foreach (DiagnosisKey key in keys)
        {
            list.Add(key);
        }

        return list;
    }
}
