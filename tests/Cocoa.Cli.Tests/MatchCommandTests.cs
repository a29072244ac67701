using System.Globalization;
using System.Text;
using System.Text.Json;
using Cocoa.Sdk.Crypto;
using Cocoa.TestInfrastructure;
using Xunit;

namespace Cocoa.Cli.Tests;

public sealed class MatchCommandTests : IDisposable
{
    // Google's reference-server example export: 2 keys, signed; K2MF… starts at 2649866 with rolling period 114.
    private static readonly string Export = TestDataFile.Path("exports/google-ens/exposure-notifications-server_testExport-2-records-1-of-1.zip");
    private static readonly string PublicKey = TestDataFile.Path("exports/google-ens/exposure-notifications-server_public.pem");
    private static readonly string OtherPublicKey = TestDataFile.Path("exports/google-ens/history/exposure-notifications-server_ec32f66d_public.pem");
    private const string KeyData = "K2MFOsSDI43hdhaehh89zQ==";
    private const uint KeyStart = 2649866;

    private readonly string _dir = Directory.CreateTempSubdirectory("cocoa-match-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static long FirstSighting => (KeyStart + 20L) * 600;

    /// <summary>A phone heard the key once a minute for <paramref name="minutes"/> minutes at 45 dB (TX −20, RSSI −65).</summary>
    private string WriteSightings(int minutes, int txPower = -20)
    {
        var tek = TemporaryExposureKey.FromBytes(Convert.FromBase64String(KeyData), new EnIntervalNumber(KeyStart), 114);
        RollingProximityIdentifierKey rpik = ExposureKeyDerivation.DeriveRollingProximityIdentifierKey(tek);
        AssociatedEncryptedMetadataKey aemk = ExposureKeyDerivation.DeriveAssociatedEncryptedMetadataKey(tek);
        var csv = new StringBuilder("time,rpi,aem,rssi\n");
        for (int i = 0; i < minutes; i++)
        {
            long t = FirstSighting + (60L * i);
            RollingProximityIdentifier rpi = ExposureKeyDerivation.GenerateRollingProximityIdentifier(rpik, EnIntervalNumber.FromUnixSeconds(t));
            AssociatedEncryptedMetadata aem = ExposureKeyDerivation.EncryptMetadata(aemk, rpi, ExposureMetadata.Create((sbyte)txPower, CalibrationConfidence.Low, 1, 1));
            csv.Append(CultureInfo.InvariantCulture, $"{t},{rpi},{aem},-65\n");
        }

        csv.Append(CultureInfo.InvariantCulture, $"{FirstSighting + 30},00112233445566778899aabbccddeeff,01020304,-80\n");
        return Write("sightings.csv", csv.ToString());
    }

    private string Write(string name, string content)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static string Now => (FirstSighting + 86400).ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void Twenty_five_minutes_at_45_dB_is_high_risk_and_the_output_follows_the_contract()
    {
        CliResult result = CliRunner.Run("match", "--export", Export, "--sightings", WriteSightings(25), "--public-key", PublicKey, "--now", Now);

        Assert.Equal(0, result.ExitCode);
        Assert.Single(result.StdoutLines);
        Assert.NotEqual("", result.Stderr); // progress goes to stderr
        using JsonDocument doc = JsonDocument.Parse(result.Stdout);
        JsonElement root = doc.RootElement;
        Assert.Equal(["keysProcessed", "matchedKeys", "exposureWindows", "dailySummaries", "risk"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(2, root.GetProperty("keysProcessed").GetInt64());
        JsonElement key = Assert.Single(root.GetProperty("matchedKeys").EnumerateArray());
        Assert.Equal(KeyData, key.GetProperty("keyData").GetString());
        Assert.Equal(KeyStart, key.GetProperty("rollingStartIntervalNumber").GetUInt32());

        string date = DateTimeOffset.FromUnixTimeSeconds(FirstSighting).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        JsonElement window = Assert.Single(root.GetProperty("exposureWindows").EnumerateArray());
        Assert.Equal(date, window.GetProperty("date").GetString());
        Assert.Equal("ConfirmedTest", window.GetProperty("reportType").GetString());
        Assert.Equal("High", window.GetProperty("infectiousness").GetString());
        JsonElement[] scans = [.. window.GetProperty("scanInstances").EnumerateArray()];
        Assert.Equal(25, scans.Length);
        Assert.All(scans, s => Assert.Equal(45, s.GetProperty("typicalAttenuationDb").GetInt32()));
        Assert.Equal(45, scans[0].GetProperty("minAttenuationDb").GetInt32());
        Assert.Equal(120, scans[0].GetProperty("secondsSinceLastScan").GetInt32()); // no earlier scan: 2 minutes
        Assert.All(scans[1..], s => Assert.Equal(60, s.GetProperty("secondsSinceLastScan").GetInt32()));

        // 120 + 24 × 60 = 1560 s in the immediate bucket (weight 1.0): score 1560 ≥ 1350 and 1560 s ≥ 900 s.
        JsonElement summary = Assert.Single(root.GetProperty("dailySummaries").EnumerateArray());
        Assert.Equal(date, summary.GetProperty("date").GetString());
        Assert.Equal(1560, summary.GetProperty("scoreSum").GetDouble());
        Assert.Equal(1560, summary.GetProperty("maximumScore").GetDouble());
        Assert.Equal(1560, summary.GetProperty("weightedDurationSum").GetDouble());
        JsonElement risk = Assert.Single(root.GetProperty("risk").EnumerateArray());
        Assert.Equal(["date", "high", "scoreSum", "secondsSinceLastScanSum"], risk.EnumerateObject().Select(p => p.Name));
        Assert.True(risk.GetProperty("high").GetBoolean());
        Assert.Equal(1560, risk.GetProperty("secondsSinceLastScanSum").GetInt32());
    }

    [Fact]
    public void Fifteen_minutes_is_not_high_risk_and_a_risk_config_file_can_lower_the_bar()
    {
        string sightings = WriteSightings(15);
        CliResult production = CliRunner.Run("match", "--export", Export, "--sightings", sightings, "--now", Now);
        string lenient = Write("risk.json", """
            { "format_version": 1,
              "DailySummary_DaySummary_ScoreSum": { "op": ">=", "value": 900.0 },
              "DailySummary_DaySummary_WeightedDurationAverage": { "op": "NOP", "value": 0.0 },
              "ExposureWindow_ScanInstance_SecondsSinceLastScanSum": { "op": ">=", "value": 900.0 },
              "ExposureWindow_ScanInstance_TypicalAttenuationDb_Max": { "op": "NOP", "value": 0.0 },
              "ExposureWindow_ScanInstance_TypicalAttenuationDb_Min": { "op": "NOP", "value": 0.0 } }
            """);
        CliResult tuned = CliRunner.Run("match", "--export", Export, "--sightings", sightings, "--now", Now, "--risk-config", lenient);

        // 120 + 14 × 60 = 960 s: below 1350, above 900.
        Assert.False(Risk(production).GetProperty("high").GetBoolean());
        Assert.Equal(960, Risk(production).GetProperty("scoreSum").GetDouble());
        Assert.True(Risk(tuned).GetProperty("high").GetBoolean());
    }

    [Fact]
    public void Rssi_correction_and_scan_times_change_the_scan_instances()
    {
        string scans = Write("scans.txt", string.Join("\n", Enumerable.Range(-1, 26).Select(i => (FirstSighting + (60L * i)).ToString(CultureInfo.InvariantCulture))) + "\n");
        CliResult result = CliRunner.Run("match", "--export", Export, "--sightings", WriteSightings(25), "--now", Now, "--scans", scans, "--rssi-correction", "5");

        Assert.Equal(0, result.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(result.Stdout);
        JsonElement[] instances = [.. doc.RootElement.GetProperty("exposureWindows")[0].GetProperty("scanInstances").EnumerateArray()];
        Assert.Equal(40, instances[0].GetProperty("typicalAttenuationDb").GetInt32()); // −20 − (−65 + 5)
        Assert.Equal(60, instances[0].GetProperty("secondsSinceLastScan").GetInt32()); // the scan a minute earlier is known
    }

    [Fact]
    public void The_same_file_twice_reports_each_key_once()
    {
        CliResult result = CliRunner.Run("match", "--export", Export, Export, "--sightings", WriteSightings(3), "--now", Now);

        using JsonDocument doc = JsonDocument.Parse(result.Stdout);
        Assert.Equal(4, doc.RootElement.GetProperty("keysProcessed").GetInt64());
        Assert.Single(doc.RootElement.GetProperty("matchedKeys").EnumerateArray());
    }

    [Fact]
    public void A_file_whose_signature_does_not_verify_is_rejected_with_exit_1_naming_it()
    {
        CliResult result = CliRunner.Run("match", "--export", Export, "--sightings", WriteSightings(3), "--public-key", OtherPublicKey, "--now", Now);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains(Export, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_signed_by_an_unknown_key_between_good_files_rejects_the_run_naming_it()
    {
        // The unknown key's file carries the heard key: matched before its signature fails, it must not be reported.
        string forged = Path.Combine(_dir, "forged.zip");
        using (var ecdsa = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
        using (var signing = Cocoa.Sdk.Export.ExportSigningKey.FromECDsa(ecdsa, "310", "v1"))
        {
            var tek = TemporaryExposureKey.FromBytes(Convert.FromBase64String(KeyData), new EnIntervalNumber(KeyStart), 114);
            var content = new Cocoa.Sdk.Export.ExportFileContent(new Cocoa.Sdk.Export.ExportBatchInfo(1, 2, "440"), [new Cocoa.Sdk.Export.DiagnosisKey(tek, 4)], []);
            await Cocoa.Sdk.Export.ExportFileWriter.WriteAsync(forged, content, [signing]);
        }

        string sightings = WriteSightings(25);
        CliResult result = CliRunner.Run("match", "--export", Export, forged, Export, "--sightings", sightings, "--public-key", PublicKey, "--now", Now);
        CliResult unverified = CliRunner.Run("match", "--export", Export, forged, Export, "--sightings", sightings, "--now", Now);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains($"{forged}: signature does not verify", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain($"{Export}:", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, unverified.ExitCode); // without --public-key nothing is checked: the same keys are read
        using JsonDocument doc = JsonDocument.Parse(unverified.Stdout);
        Assert.Equal(5, doc.RootElement.GetProperty("keysProcessed").GetInt64());
    }

    [Fact]
    public void A_malformed_file_after_good_ones_is_bad_input_naming_it()
    {
        string broken = Write("broken.zip", "PK\u0003\u0004 not a zip");
        CliResult result = CliRunner.Run("match", "--export", Export, Export, broken, "--sightings", WriteSightings(2));

        CliAssert.BadInput(result);
        Assert.Contains(broken, result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("time,rpi,aem,rssi\n1589931600,00112233445566778899aabbccddeeff,01020304,-60\n1589931660,0011,01020304,-60\n", "line 3")]
    [InlineData("time,rpi,aem,rssi\n-5,00112233445566778899aabbccddeeff,01020304,-60\n", "line 2")]
    [InlineData("time,rpi,aem,rssi\n1589931600,00112233445566778899aabbccddeeff,0102030,-60\n", "line 2")]
    [InlineData("time,rpi,aem,rssi\n1589931600,00112233445566778899aabbccddeeff,01020304,loud\n", "line 2")]
    [InlineData("time,rpi,aem,rssi\n1589931600,00112233445566778899aabbccddeeff,01020304\n", "line 2")]
    [InlineData("rpi,time\n", "line 1")]
    [InlineData("", "line 1")]
    public void Malformed_sightings_are_reported_with_their_line_number(string csv, string where)
    {
        CliResult result = CliRunner.Run("match", "--export", Export, "--sightings", Write("bad.csv", csv));

        CliAssert.BadInput(result);
        Assert.Contains(where, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_scans_configs_and_missing_files_are_bad_input()
    {
        string sightings = WriteSightings(2);
        CliAssert.BadInput(CliRunner.Run("match", "--export", Export, "--sightings", sightings, "--scans", Write("scans.txt", "100\nsoon\n")));
        CliAssert.BadInput(CliRunner.Run("match", "--export", Export, "--sightings", sightings, "--config", Write("c.json", """{ "google_daily_summaries_config": { "attenuation_bucket_threshold_db": [70, 60, 50] } }""")));
        CliAssert.BadInput(CliRunner.Run("match", "--export", Export, "--sightings", sightings, "--risk-config", Write("r.json", "{}")));
        CliAssert.BadInput(CliRunner.Run("match", "--export", Path.Combine(_dir, "missing.zip"), "--sightings", sightings));
        CliAssert.BadInput(CliRunner.Run("match", "--export", Write("not-a-zip.zip", "hello"), "--sightings", sightings));
        CliAssert.BadInput(CliRunner.Run("match", "--export", Export));
    }

    private static JsonElement Risk(CliResult result)
    {
        Assert.Equal(0, result.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(result.Stdout);
        return Assert.Single(doc.RootElement.GetProperty("risk").EnumerateArray()).Clone();
    }
}
