using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.TestInfrastructure;
using Xunit;

namespace Cocoa.Sdk.Tests.Export;

/// <summary>Real export files from Google's reference server and the Dutch backend (tests/TestData/SOURCES.md).</summary>
public sealed class ExportGoldenFileTests
{
    private static string Google(string name) => TestDataFile.Path("exports/google-ens/" + name);

    private static string Dutch(string name) => TestDataFile.Path("exports/minvws-nl/" + name);

    private static ExportReaderOptions Trusting(string pemPath, string? keyId = null, string? keyVersion = null) => new()
    {
        TrustedKeys = new ExportPublicKeySet().AddPem(File.ReadAllText(pemPath), keyId, keyVersion),
    };

    private static DiagnosisKey Key(string base64, uint start, int period, int? risk) =>
        new(TemporaryExposureKey.FromBytes(Convert.FromBase64String(base64), new EnIntervalNumber(start), period), risk);

    [Fact]
    public async Task Current_google_example_verifies_and_yields_its_two_keys()
    {
        await using ExportFileReader reader = await ExportFileReader.OpenAsync(
            Google("exposure-notifications-server_testExport-2-records-1-of-1.zip"),
            Trusting(Google("exposure-notifications-server_public.pem"), "some_id", "1"));

        Assert.True(reader.IsSignatureValid);
        Assert.Equal(new ExportBatchInfo(1590159600, 1590246000, "US", 1, 1), reader.Batch);
        ExportSignature signature = Assert.Single(reader.Signatures);
        Assert.Equal(new ExportSignatureInfo("some_id", "1", "1.2.840.10045.4.3.2"), signature.Info);
        Assert.Equal(ExportSignatureStatus.Valid, signature.Status);
        Assert.Equal(72, signature.Signature.Length);
        Assert.Equal(new ExportSignatureInfo("some_id", "1", "1.2.840.10045.4.3.2"), Assert.Single(reader.SignatureInfos));

        var keys = new List<DiagnosisKey>();
        await foreach (DiagnosisKey key in reader.ReadKeysAsync())
        {
            keys.Add(key);
        }

        Assert.Equal(
            new HashSet<DiagnosisKey>
            {
                Key("Fy/EgOWYSQw0F3YEM5sVQw==", 2649980, 1, 8),
                Key("K2MFOsSDI43hdhaehh89zQ==", 2649866, 114, 1),
            },
            keys.ToHashSet());
        Assert.Equal(2, keys.Count);
        Assert.Equal(2, reader.KeyCount);
        Assert.Equal(0, reader.RevisedKeyCount);
        Assert.Empty(reader.ReadRevisedKeys());
        Assert.Equal(keys, reader.ReadKeys().ToList());
    }

    [Fact]
    public void Older_google_example_verifies_with_a_71_byte_signature()
    {
        using ExportFileReader reader = ExportFileReader.Open(
            Google("history/exposure-notifications-server_3e2c4e35_testExport-2-records-1-of-1.zip"),
            Trusting(Google("exposure-notifications-server_public.pem")));

        Assert.Equal(71, Assert.Single(reader.Signatures).Signature.Length);
        Assert.Equal(new ExportBatchInfo(1588345200, 1588431600, "US", 1, 1), reader.Batch);
        Assert.Equal(
            new HashSet<DiagnosisKey>
            {
                Key("Fy/EgOWYSQw0F3YEM5sVQw==", 2649980, 1, 8),
                Key("K2MFOsSDI43hdhaehh89zQ==", 2649866, 114, 1),
            },
            reader.ReadKeys().ToHashSet());
    }

    [Fact]
    public async Task Sample_export_without_rolling_period_defaults_to_144()
    {
        IReadOnlyList<DiagnosisKey> keys = await ExportFileReader.ReadAllKeysAsync(
            Google("history/exposure-notifications-server_ec32f66d_sample-export.zip"),
            Trusting(Google("history/exposure-notifications-server_ec32f66d_public.pem"), "ExampleServer_k1"));

        Assert.Equal(
            new HashSet<DiagnosisKey>
            {
                Key("d57FRTvdOf+BMxWFpKwnkw==", 2649024, 144, 1),
                Key("3PrCXqc6nxcPbmrAd/Hfeg==", 2649024, 144, 1),
            },
            keys.ToHashSet());

        await using ExportFileReader reader = await ExportFileReader.OpenAsync(
            Google("history/exposure-notifications-server_ec32f66d_sample-export.zip"),
            Trusting(Google("history/exposure-notifications-server_ec32f66d_public.pem")));
        Assert.Equal(1589490000UL, reader.Batch.StartTimestamp);
        Assert.Equal(1589493600UL, reader.Batch.EndTimestamp);
        ExportSignature signature = Assert.Single(reader.Signatures);
        Assert.Equal("ExampleServer_k1", signature.Info.KeyId);
        Assert.Null(signature.Info.KeyVersion);
    }

    [Fact]
    public async Task Google_example_signed_by_another_key_is_rejected()
    {
        var ex = await Assert.ThrowsAsync<ExportFormatException>(() => ExportFileReader.OpenAsync(
            Google("exposure-notifications-server_testExport-2-records-1-of-1.zip"),
            Trusting(Google("history/exposure-notifications-server_ec32f66d_public.pem"))));
        Assert.Equal(ExportFormatError.SignatureMismatch, ex.Error);
    }

    [Fact]
    public async Task Google_example_with_unknown_key_id_is_rejected()
    {
        var ex = await Assert.ThrowsAsync<ExportFormatException>(() => ExportFileReader.OpenAsync(
            Google("exposure-notifications-server_testExport-2-records-1-of-1.zip"),
            Trusting(Google("exposure-notifications-server_public.pem"), "440", "v1")));
        Assert.Equal(ExportFormatError.UnknownSigningKey, ex.Error);
        Assert.Contains("some_id", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Google_example_reports_signature_status_when_not_required()
    {
        var options = Trusting(Google("history/exposure-notifications-server_ec32f66d_public.pem"));
        options.RequireValidSignature = false;
        await using ExportFileReader reader = await ExportFileReader.OpenAsync(
            Google("exposure-notifications-server_testExport-2-records-1-of-1.zip"), options);
        Assert.False(reader.IsSignatureValid);
        Assert.Equal(ExportSignatureStatus.Invalid, Assert.Single(reader.Signatures).Status);
        Assert.Equal(2, reader.KeyCount);
    }

    [Fact]
    public async Task Dutch_header_test_file_has_a_third_entry_and_an_invalid_key()
    {
        string zip = Dutch("nl-covid19-notification-app-backend_ProtobufHeaderTestFile.zip");
        var strict = await Assert.ThrowsAsync<ExportFormatException>(() => ExportFileReader.OpenAsync(zip));
        Assert.Equal(ExportFormatError.UnexpectedEntry, strict.Error);
        Assert.Contains("content.sig", strict.Message, StringComparison.Ordinal);

        // Its GAEN signature is genuine (TestECDSA key), so the reported defect is the 53-byte text used as key_data.
        var options = Trusting(Dutch("nl-covid19-notification-app-backend_TestECDSA.p12.public.pem"), "204", "v1");
        options.AllowAdditionalEntries = true;
        var ex = await Assert.ThrowsAsync<ExportFormatException>(() => ExportFileReader.OpenAsync(zip, options));
        Assert.Equal(ExportFormatError.InvalidKey, ex.Error);
        Assert.True(ex.Message.Contains("key_data is 53 bytes", StringComparison.Ordinal), ex.Message); // upstream notes say 52; the ASCII text is 53 bytes long.
    }

    [Fact]
    public async Task Dutch_test_environment_file_is_not_signed_by_the_published_key_and_has_32_byte_keys()
    {
        string zip = Dutch("nl-covid19-notification-app-backend_eks.zip");
        var options = Trusting(Dutch("nl-covid19-notification-app-backend_TestECDSA.p12.public.pem"));
        options.AllowAdditionalEntries = true;
        var unsigned = await Assert.ThrowsAsync<ExportFormatException>(() => ExportFileReader.OpenAsync(zip, options));
        Assert.Equal(ExportFormatError.SignatureMismatch, unsigned.Error);

        var keyed = Trusting(Dutch("nl-covid19-notification-app-backend_TestECDSA.p12.public.pem"), "204", "v1");
        keyed.AllowAdditionalEntries = true;
        var unknown = await Assert.ThrowsAsync<ExportFormatException>(() => ExportFileReader.OpenAsync(zip, keyed));
        Assert.Equal(ExportFormatError.UnknownSigningKey, unknown.Error);

        var malformed = Assert.Throws<ExportFormatException>(() => ExportFileReader.Open(zip, new ExportReaderOptions { AllowAdditionalEntries = true }));
        Assert.Equal(ExportFormatError.InvalidKey, malformed.Error);
        Assert.Contains("32 bytes", malformed.Message, StringComparison.Ordinal);
    }
}
