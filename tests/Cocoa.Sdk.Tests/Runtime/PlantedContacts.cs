using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Storage.Internal;

namespace Cocoa.Sdk.Tests.Runtime;

/// <summary>
/// Puts contacts straight into a phone's store, as its scanner would have recorded them: one scan a minute during the
/// contact (and one just before it, so every scan instance stands for 60 s), each hearing the contact's RPI of that
/// interval with its real AEM at a chosen attenuation. The exposure check then runs on the real path.
/// </summary>
internal static class PlantedContacts
{
    /// <summary>The metadata TX power of planted advertisements, dBm.</summary>
    public const int TxPowerDbm = -20;

    /// <summary>Attenuation of a contact at about 1 m (COCOA's 46–60 dB "near" bucket, weight 250 %).</summary>
    public const int OneMetreDb = 52;

    /// <summary>A fresh day key starting at the UTC day of <paramref name="day"/>.</summary>
    public static TemporaryExposureKey DayKey(DateTimeOffset day) =>
        TemporaryExposureKey.Generate(EnIntervalNumber.FromDateTimeOffset(day).DayStart);

    /// <summary>A diagnosis key as the server would publish it (ConfirmedTest, TRL 4).</summary>
    public static DiagnosisKey Published(TemporaryExposureKey key) => new(key, 4, ReportType.ConfirmedTest, 0);

    /// <summary>Records a contact with the owner of <paramref name="key"/>.</summary>
    /// <param name="store">The phone's store.</param>
    /// <param name="key">The other phone's day key.</param>
    /// <param name="start">When the contact began.</param>
    /// <param name="minutes">How long it lasted (one scan per minute).</param>
    /// <param name="attenuationDb">The attenuation the phone measured.</param>
    /// <param name="rssiCorrectionDb">The phone's RSSI correction (its options' calibration).</param>
    public static void Plant(ExposureStore store, TemporaryExposureKey key, DateTimeOffset start, int minutes, int attenuationDb, int rssiCorrectionDb)
    {
        RollingProximityIdentifierKey rpik = ExposureKeyDerivation.DeriveRollingProximityIdentifierKey(key);
        AssociatedEncryptedMetadataKey aemk = ExposureKeyDerivation.DeriveAssociatedEncryptedMetadataKey(key);
        int rssi = TxPowerDbm - rssiCorrectionDb - attenuationDb;
        store.RecordScan(new ScanRecord(start.AddSeconds(-60), TimeSpan.FromSeconds(4)), []);
        for (int m = 0; m < minutes; m++)
        {
            DateTimeOffset scan = start.AddMinutes(m);
            EnIntervalNumber interval = EnIntervalNumber.FromDateTimeOffset(scan);
            RollingProximityIdentifier rpi = ExposureKeyDerivation.GenerateRollingProximityIdentifier(rpik, interval);
            AssociatedEncryptedMetadata aem = ExposureKeyDerivation.EncryptMetadata(aemk, rpi, ExposureMetadata.Create(txPowerDbm: TxPowerDbm));
            store.RecordScan(new ScanRecord(scan, TimeSpan.FromSeconds(4)), [new SightingRecord(rpi, aem, rssi, scan.AddSeconds(1))]);
        }
    }
}
