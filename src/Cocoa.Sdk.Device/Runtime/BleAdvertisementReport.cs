namespace Cocoa.Sdk.Runtime;

/// <summary>
/// One advertisement heard by a scan, as a platform adapter delivers it: either the raw advertising data (Android's
/// <c>ScanRecord.getBytes()</c>, BlueZ, an ESP32) or just the service data of UUID 0xFD6F (CoreBluetooth, Plugin.BLE),
/// plus the received signal strength. The runtime decodes it with the BLE codec and discards anything malformed. There is
/// no field for the sender's Bluetooth address, by design: it is never stored.
/// </summary>
/// <param name="Format">What <paramref name="Data"/> holds.</param>
/// <param name="Data">The bytes, as received.</param>
/// <param name="Rssi">The received signal strength in dBm, uncorrected.</param>
/// <param name="Timestamp">When the packet was received, or <see langword="null"/> to use the time the scan returned.</param>
public readonly record struct BleAdvertisementReport(BleReportFormat Format, ReadOnlyMemory<byte> Data, int Rssi, DateTimeOffset? Timestamp = null)
{
    /// <summary>Creates a report from raw advertising data (AD structures, up to 31 bytes).</summary>
    /// <param name="advertisingData">The advertising data.</param>
    /// <param name="rssi">The RSSI in dBm.</param>
    /// <param name="timestamp">The receive time, or <see langword="null"/>.</param>
    /// <returns>The report.</returns>
    public static BleAdvertisementReport FromAdvertisingData(ReadOnlyMemory<byte> advertisingData, int rssi, DateTimeOffset? timestamp = null) =>
        new(BleReportFormat.AdvertisingData, advertisingData, rssi, timestamp);

    /// <summary>Creates a report from the service data of UUID 0xFD6F (20 bytes: RPI then AEM).</summary>
    /// <param name="serviceData">The service data.</param>
    /// <param name="rssi">The RSSI in dBm.</param>
    /// <param name="timestamp">The receive time, or <see langword="null"/>.</param>
    /// <returns>The report.</returns>
    public static BleAdvertisementReport FromServiceData(ReadOnlyMemory<byte> serviceData, int rssi, DateTimeOffset? timestamp = null) =>
        new(BleReportFormat.ServiceData, serviceData, rssi, timestamp);
}

/// <summary>What the bytes of a <see cref="BleAdvertisementReport"/> are.</summary>
public enum BleReportFormat
{
    /// <summary>The service data of UUID 0xFD6F only.</summary>
    ServiceData = 0,

    /// <summary>The whole advertising data (AD structures).</summary>
    AdvertisingData = 1,
}
