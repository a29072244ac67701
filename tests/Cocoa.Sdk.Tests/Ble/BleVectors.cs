using System.Text.Json;
using Cocoa.Sdk.Ble;
using Cocoa.Sdk.Crypto;
using Cocoa.TestInfrastructure;

namespace Cocoa.Sdk.Tests.Ble;

/// <summary>The official v1.2 vectors' advertised data (RPI[i], AEM[i]) read from gaen-vectors.json.</summary>
internal static class BleVectors
{
    private static readonly Lazy<JsonElement> Crypto = new(() =>
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(TestDataFile.Path("vectors/gaen-vectors.json")));
        return doc.RootElement.GetProperty("crypto_v1_2").Clone();
    });

    public static string Metadata => Crypto.Value.GetProperty("BLE_METADATA").GetString()!;

    public static string AemkHex => Crypto.Value.GetProperty("AEMK").GetString()!;

    public static (string Rpi, string Aem) Advertised(int index)
    {
        JsonElement item = Crypto.Value.GetProperty("ADVERTISED_DATA")[index];
        return (item.GetProperty("rpi").GetString()!, item.GetProperty("aem").GetString()!);
    }

    public static ExposureNotificationPayload Payload(int index)
    {
        (string rpi, string aem) = Advertised(index);
        return new ExposureNotificationPayload(
            RollingProximityIdentifier.FromBytes(Convert.FromHexString(rpi)),
            AssociatedEncryptedMetadata.FromBytes(Convert.FromHexString(aem)));
    }
}
