namespace Cocoa.Sdk.Runtime;

/// <summary>
/// One Exposure Notification advertisement heard by a scan, as a platform adapter delivers it: the service data of
/// UUID 0xFD6F and the received signal strength. It has no field for the sender's Bluetooth address, by design.
/// </summary>
/// <param name="ServiceData">The service data of 0xFD6F (normally 20 bytes: RPI then AEM). Anything else is discarded.</param>
/// <param name="Rssi">The received signal strength in dBm, uncorrected.</param>
/// <param name="Timestamp">When the packet was received, or <see langword="null"/> to use the time the scan returned.</param>
public readonly record struct BleAdvertisementReport(ReadOnlyMemory<byte> ServiceData, int Rssi, DateTimeOffset? Timestamp = null);
