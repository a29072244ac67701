using System.Security.Cryptography;
using System.Text;
using Cocoa.Sdk.Ble;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Protocol;

namespace Cocoa.Sdk.Fuzz;

/// <summary>
/// Writes the checked-in seed corpus (<c>Corpus/&lt;target&gt;/</c>): small valid inputs of every format plus known
/// hostile ones, so the fuzzer starts from the structure instead of from nothing. Regenerate with
/// <c>dotnet run --project tests/Cocoa.Sdk.Fuzz -- seed tests/Cocoa.Sdk.Fuzz/Corpus</c>.
/// </summary>
public static class SeedCorpus
{
    /// <summary>A P-256 key generated for the fuzz corpus only (it signs nothing else), so signed seeds verify.</summary>
    private const string SeedSigningKeyPem = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg5XgtMEwynsdjbcYR
        ujKh9aHzUUXi6bLdKW4nTGqnboahRANCAASpw+FgRJ2x1+glETE7ueNkZQrmlVFZ
        jzqNT8zUNHpidNrq5RjKFOM7kLYkjTou2HwDd5n8vv0lpEdnfnyqJZkd
        -----END PRIVATE KEY-----
        """;

    /// <summary>Gets the public key of the seed signer (trusted by the export target's second pass).</summary>
    public static ExportPublicKeySet TrustedKeys => TrustSeedSigner();

    private static ExportSigningKey Signer => ExportSigningKey.FromPem(SeedSigningKeyPem, "440", "v1");

    /// <summary>Writes every seed into <paramref name="directory"/>/&lt;target&gt;/.</summary>
    public static void Write(string directory)
    {
        DateTimeOffset now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        EnIntervalNumber today = EnIntervalNumber.FromUtcDate(DateOnly.FromDateTime(now.UtcDateTime));
        DiagnosisKey[] keys =
        [
            new(TemporaryExposureKey.FromBytes(Bytes(16, 1), today.AddIntervals(-144), 144), 4, ReportType.ConfirmedTest, 0),
            new(TemporaryExposureKey.FromBytes(Bytes(16, 2), today.AddIntervals(-288), 144), 1, ReportType.SelfReport, -3),
            new(TemporaryExposureKey.FromBytes(Bytes(16, 3), today, 60)),
        ];
        var content = new ExportFileContent(new ExportBatchInfo((ulong)now.AddDays(-1).ToUnixTimeSeconds(), (ulong)now.ToUnixTimeSeconds(), "440", 1, 1), keys, [keys[0]]);

        string export = Directory.CreateDirectory(Path.Combine(directory, "export")).FullName;
        File.WriteAllBytes(Path.Combine(export, "signed.zip"), Zip(content));
        File.WriteAllBytes(Path.Combine(export, "empty.zip"), Zip(new ExportFileContent(new ExportBatchInfo(null, null, null), [], [])));

        // Issue 13: a key holding an unknown field of length 0x7FFFFFFF (once an OverflowException).
        byte[] overlong = Convert.FromHexString("454b204578706f7274207631202020203a1c0a10" + new string('0', 32) + "4affffffff0700000000");
        File.WriteAllBytes(Path.Combine(export, "issue13-overlong-field.zip"), RawZip(("export.bin", overlong), ("export.sig", [])));

        string ble = Directory.CreateDirectory(Path.Combine(directory, "ble")).FullName;
        var payload = ExposureNotificationPayload.FromBytes(Bytes(20, 7));
        byte[] advertisement = ExposureNotificationAdvertisement.Encode(payload);
        File.WriteAllBytes(Path.Combine(ble, "advertisement.bin"), advertisement);
        File.WriteAllBytes(Path.Combine(ble, "split-scan-response.bin"), [(byte)(advertisement.Length / 2), .. advertisement]);
        File.WriteAllBytes(Path.Combine(ble, "foreign.bin"), [0x02, 0x01, 0x06, 0x05, 0x03, 0x0F, 0x18, 0x0A, 0x18]);

        // Corpus/config holds copies of COCOA's two configuration files and the head of Google's calibration CSV
        // (tests/TestData/cocoa, tests/TestData/calibration); they are text and are not generated here.
        string lists = Directory.CreateDirectory(Path.Combine(directory, "exportlist")).FullName;
        File.WriteAllBytes(Path.Combine(lists, "list.json"), ExportList.WriteListJson(
        [
            new ExportListEntry("440", new Uri("https://example.org/c19r/440/1.zip"), 1_764_547_200_000),
            new ExportListEntry("440", new Uri("https://example.org/c19r/440/2.zip"), 1_764_550_800_000),
        ]));
        File.WriteAllBytes(Path.Combine(lists, "index.txt"), ExportList.WriteIndexTxt(["exposureKeyExport-US/1590159600-1590246000-00001.zip", "exposureKeyExport-US/1590246000-1590332400-00001.zip"]));

        string keysJson = Directory.CreateDirectory(Path.Combine(directory, "keysjson")).FullName;
        File.WriteAllText(Path.Combine(keysJson, "keys.json"), KeysJsonText(keys));

        string diagnosis = Directory.CreateDirectory(Path.Combine(directory, "diagnosis")).FullName;
        File.WriteAllText(Path.Combine(diagnosis, "v3-body.json"), DiagnosisJson(keys));
    }

    private static string KeysJsonText(DiagnosisKey[] keys)
    {
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (DiagnosisKey key in keys)
            {
                KeysJson.WriteKey(writer, key);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static ExportPublicKeySet TrustSeedSigner()
    {
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(SeedSigningKeyPem);
        return new ExportPublicKeySet().Add(ecdsa.ExportSubjectPublicKeyInfo(), "440", "v1");
    }

    private static byte[] Bytes(int length, byte seed) => [.. Enumerable.Range(0, length).Select(i => (byte)((i * 37) + seed))];

    private static byte[] Zip(ExportFileContent content)
    {
        using var output = new MemoryStream();
        ExportFileWriter.WriteAsync(output, content, [Signer]).GetAwaiter().GetResult();
        return output.ToArray();
    }

    private static byte[] RawZip(params (string Name, byte[] Data)[] entries)
    {
        using var output = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(output, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach ((string name, byte[] data) in entries)
            {
                using Stream stream = archive.CreateEntry(name, System.IO.Compression.CompressionLevel.NoCompression).Open();
                stream.Write(data);
            }
        }

        return output.ToArray();
    }

    private static string DiagnosisJson(DiagnosisKey[] keys)
    {
        var body = new StringBuilder("{\"keys\":[");
        body.AppendJoin(',', keys.Select(k =>
            $"{{\"keyData\":\"{Convert.ToBase64String(k.Key.ToKeyArray())}\",\"rollingStartNumber\":{k.Key.RollingStartIntervalNumber.Value},\"rollingPeriod\":{k.Key.RollingPeriod},\"reportType\":1}}"));
        body.Append("],\"regions\":[\"440\"],\"platform\":\"android\",\"appPackageName\":\"jp.go.mhlw.covid19radar\",");
        body.Append("\"verificationPayload\":\"12345678\",\"hasSymptom\":true,\"onsetOfSymptomOrTestDate\":\"2026-11-29T00:00:00.000+00:00\",");
        body.Append("\"idempotency_key\":\"6f1c1a44-2d2e-4f54-9a4c-1d2b3c4d5e6f\",\"padding\":\"AAAA\",\"deviceVerificationPayload\":\"\"}");
        return body.ToString();
    }
}
