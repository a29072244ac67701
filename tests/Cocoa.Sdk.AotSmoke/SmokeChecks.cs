using Cocoa.Sdk.Ble;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Matching;

namespace Cocoa.Sdk.AotSmoke;

/// <summary>The checks, each against a known answer (official v1.2 vectors, gaen.md §3, Google's example export).</summary>
internal sealed class SmokeChecks(string testDataDirectory)
{
    // Official Exposure Notification v1.2 vectors.
    private const string Tek = "75c734c6dd1a782de7a965da5eb93125";
    private const uint FirstInterval = 2642976;
    private const string Rpik = "185ad91db69ec7dd048960f1f3ba6175";
    private const string Aemk = "d57c46af7a1d83965b9bed8bd152936a";
    private const string Metadata = "40080000";
    private const string Rpi0 = "8be6cd371c5c891604bfbe49df845096";
    private const string Aem0 = "72033874";
    private const string Rpi143 = "f431b62ecf443102ce4ed0407de54bd4";
    private const string Aem143 = "1215e57e";
    private const string Advertisement0 = "02011a03036ffd17166ffd8be6cd371c5c891604bfbe49df84509672033874";

    private int _failures;

    public async Task<bool> RunAsync()
    {
        Check("derive RPIK/AEMK/RPIs/AEMs (official vectors)", Derive);
        Check("BLE encode/decode (gaen.md §3 example)", Ble);
        Check("BLE calibration (built-in table, Pixel 4)", Calibration);
        await CheckAsync("export parse + signature (Google example)", ParseExportAsync).ConfigureAwait(false);
        await CheckAsync("match export keys against sightings", MatchAsync).ConfigureAwait(false);
        Console.WriteLine(_failures == 0 ? "all checks passed" : $"{_failures} check(s) failed");
        return _failures == 0;
    }

    private static string Derive()
    {
        var tek = TemporaryExposureKey.FromBytes(Convert.FromHexString(Tek), new EnIntervalNumber(FirstInterval));
        RollingProximityIdentifierKey rpik = ExposureKeyDerivation.DeriveRollingProximityIdentifierKey(tek);
        AssociatedEncryptedMetadataKey aemk = ExposureKeyDerivation.DeriveAssociatedEncryptedMetadataKey(tek);
        Expect(Rpik, rpik.ToHex(), "RPIK");
        Expect(Aemk, aemk.ToHex(), "AEMK");

        byte[] rpis = new byte[144 * RollingProximityIdentifier.Length];
        ExposureKeyDerivation.GenerateRollingProximityIdentifiers(rpik.ToArray(), new EnIntervalNumber(FirstInterval), rpis);
        var first = RollingProximityIdentifier.FromBytes(rpis.AsSpan(0, 16));
        var last = RollingProximityIdentifier.FromBytes(rpis.AsSpan(143 * 16, 16));
        Expect(Rpi0, first.ToString(), "RPI[0]");
        Expect(Rpi143, last.ToString(), "RPI[143]");
        Expect(Rpi143, ExposureKeyDerivation.GenerateRollingProximityIdentifier(rpik, new EnIntervalNumber(FirstInterval + 143)).ToString(), "single RPI[143]");

        ExposureMetadata metadata = ParseMetadata(Metadata);
        Expect(Aem0, ExposureKeyDerivation.EncryptMetadata(aemk, first, metadata).ToString(), "AEM[0]");
        AssociatedEncryptedMetadata aem143 = ExposureKeyDerivation.EncryptMetadata(aemk, last, metadata);
        Expect(Aem143, aem143.ToString(), "AEM[143]");
        Expect(Metadata, ExposureKeyDerivation.DecryptMetadata(aemk, last, aem143).ToString(), "decrypted metadata");
        return "RPIK, AEMK, 144 RPIs, AEM[0], AEM[143]";
    }

    private static string Ble()
    {
        var payload = new ExposureNotificationPayload(ParseRpi(Rpi0), ParseAem(Aem0));
        byte[] data = ExposureNotificationAdvertisement.Encode(payload);
        Expect(Advertisement0, Convert.ToHexStringLower(data), "advertising data");
        if (!ExposureNotificationAdvertisement.TryDecode(data.AsSpan(3), out ExposureNotificationPayload decoded) || decoded != payload)
        {
            throw new SmokeFailure("decode of the advertisement without flags did not return the payload");
        }

        if (ExposureNotificationAdvertisement.TryDecode(Convert.FromHexString("17169ffe" + Rpi0 + Aem0), out _, out AdvertisementDecodeFailure failure)
            || failure.Error != AdvertisementDecodeError.WrongServiceUuid)
        {
            throw new SmokeFailure($"foreign service data was not rejected as WrongServiceUuid ({failure.Error})");
        }

        return $"31 bytes, round trip, rejection: \"{failure.Message}\"";
    }

    private static string Calibration()
    {
        DeviceCalibration pixel4 = CalibrationTable.BuiltIn.Lookup("Google", "flame", "Pixel 4");
        if (pixel4 != new DeviceCalibration(-30, 8, CalibrationConfidence.High, CalibrationSource.ExactModel))
        {
            throw new SmokeFailure($"Pixel 4 calibration is {pixel4}");
        }

        int attenuation = Attenuation.Compute(ParseMetadata(Metadata), -60, pixel4);
        Expect("60", attenuation.ToString(System.Globalization.CultureInfo.InvariantCulture), "attenuation 8 - (-60 + 8)");
        return $"{CalibrationTable.BuiltIn.Records.Count} rows; Pixel 4: {pixel4}; attenuation {attenuation} dB";
    }

    private async Task<string> ParseExportAsync()
    {
        IReadOnlyList<DiagnosisKey> keys = await ReadExportKeysAsync().ConfigureAwait(false);
        if (keys.Count != 2
            || !keys.Any(k => k.Key.ToKeyHex() == Convert.ToHexStringLower(Convert.FromBase64String("K2MFOsSDI43hdhaehh89zQ==")) && k.Key.RollingStartIntervalNumber.Value == 2649866 && k.Key.RollingPeriod == 114))
        {
            throw new SmokeFailure($"unexpected keys: {string.Join(", ", keys)}");
        }

        return "2 keys, signature valid";
    }

    private async Task<string> MatchAsync()
    {
        IReadOnlyList<DiagnosisKey> keys = await ReadExportKeysAsync().ConfigureAwait(false);
        DiagnosisKey positive = keys.Single(k => k.Key.RollingPeriod == 114);

        // The phone heard the positive person's phone 10 intervals into the key's validity, at -70 dBm.
        EnIntervalNumber heard = positive.Key.RollingStartIntervalNumber.AddIntervals(10);
        RollingProximityIdentifier rpi = ExposureKeyDerivation.GenerateRollingProximityIdentifier(
            ExposureKeyDerivation.DeriveRollingProximityIdentifierKey(positive.Key), heard);
        ExposureMetadata metadata = ExposureMetadata.Create(-30, CalibrationConfidence.High);
        AssociatedEncryptedMetadata aem = ExposureKeyDerivation.EncryptMetadata(ExposureKeyDerivation.DeriveAssociatedEncryptedMetadataKey(positive.Key), rpi, metadata);
        long time = (long)heard.Value * EnIntervalNumber.SecondsPerInterval + 120;
        var sightings = new List<Sighting> { new(time, rpi, aem, -70) };
        for (int i = 0; i < 1000; i++)
        {
            byte[] noise = new byte[16];
            System.Security.Cryptography.RandomNumberGenerator.Fill(noise);
            sightings.Add(new Sighting(time + i, RollingProximityIdentifier.FromBytes(noise), default, -80));
        }

        MatchResult result = new ExposureMatcher(sightings, new MatchOptions { MaxDegreeOfParallelism = 2 }).Match(keys);
        KeyMatch match = result.Matches.Count == 1 ? result.Matches[0] : throw new SmokeFailure($"{result.Matches.Count} matches instead of 1");
        MatchedSighting sighting = match.Sightings.Count == 1 ? match.Sightings[0] : throw new SmokeFailure($"{match.Sightings.Count} sightings matched instead of 1");
        if (match.Key != positive || sighting.Metadata != metadata || sighting.IdentifierInterval != heard)
        {
            throw new SmokeFailure($"wrong match: key {match.Key}, metadata {sighting.Metadata}, interval {sighting.IdentifierInterval}");
        }

        return $"{result.KeysProcessed} keys against {sightings.Count} sightings: 1 match, metadata {sighting.Metadata}, attenuation {sighting.AttenuationDb} dB";
    }

    private async Task<IReadOnlyList<DiagnosisKey>> ReadExportKeysAsync()
    {
        var options = new ExportReaderOptions
        {
            TrustedKeys = new ExportPublicKeySet().AddPem(await File.ReadAllTextAsync(Path.Combine(testDataDirectory, "exports", "google-ens", "exposure-notifications-server_public.pem")).ConfigureAwait(false), "some_id", "1"),
        };
        await using ExportFileReader reader = await ExportFileReader.OpenAsync(
            Path.Combine(testDataDirectory, "exports", "google-ens", "exposure-notifications-server_testExport-2-records-1-of-1.zip"), options).ConfigureAwait(false);
        if (!reader.IsSignatureValid)
        {
            throw new SmokeFailure("the export signature did not verify");
        }

        var keys = new List<DiagnosisKey>();
        await foreach (DiagnosisKey key in reader.ReadKeysAsync().ConfigureAwait(false))
        {
            keys.Add(key);
        }

        return keys;
    }

    private void Check(string name, Func<string> check) => Report(name, () => Task.FromResult(check()));

    private Task CheckAsync(string name, Func<Task<string>> check) => ReportAsync(name, check);

    private void Report(string name, Func<Task<string>> check) => ReportAsync(name, check).GetAwaiter().GetResult();

    private async Task ReportAsync(string name, Func<Task<string>> check)
    {
        try
        {
            string detail = await check().ConfigureAwait(false);
            Console.WriteLine($"ok   {name}: {detail}");
        }
        catch (Exception ex)
        {
            _failures++;
            Console.WriteLine($"FAIL {name}: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static void Expect(string expected, string actual, string what)
    {
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            throw new SmokeFailure($"{what}: expected {expected}, got {actual}");
        }
    }

    private static ExposureMetadata ParseMetadata(string hex) =>
        ExposureMetadata.TryParseHex(hex, out ExposureMetadata value) ? value : throw new SmokeFailure($"bad metadata hex {hex}");

    private static RollingProximityIdentifier ParseRpi(string hex) =>
        RollingProximityIdentifier.TryParseHex(hex, out RollingProximityIdentifier value) ? value : throw new SmokeFailure($"bad RPI hex {hex}");

    private static AssociatedEncryptedMetadata ParseAem(string hex) =>
        AssociatedEncryptedMetadata.TryParseHex(hex, out AssociatedEncryptedMetadata value) ? value : throw new SmokeFailure($"bad AEM hex {hex}");
}

/// <summary>A check did not produce the known answer.</summary>
internal sealed class SmokeFailure(string message) : Exception(message);
