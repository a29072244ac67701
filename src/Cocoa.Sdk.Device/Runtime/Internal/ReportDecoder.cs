using Cocoa.Sdk.Ble;

namespace Cocoa.Sdk.Runtime.Internal;

/// <summary>Turns what an adapter heard into an RPI + AEM, or rejects it. Never throws, whatever the bytes.</summary>
internal static class ReportDecoder
{
    /// <summary>The weakest RSSI accepted, in dBm.</summary>
    public const int MinRssi = -127;

    /// <summary>The strongest plausible RSSI, in dBm (anything above is a driver error, e.g. 127 = "not available").</summary>
    public const int MaxRssi = 20;

    public static bool TryDecode(in BleAdvertisementReport report, out ExposureNotificationPayload payload)
    {
        payload = default;
        if (report.Rssi is < MinRssi or > MaxRssi)
        {
            return false;
        }

        ReadOnlySpan<byte> data = report.Data.Span;
        switch (report.Format)
        {
            case BleReportFormat.AdvertisingData:
                return ExposureNotificationAdvertisement.TryDecode(data, out payload);
            case BleReportFormat.ServiceData when data.Length == ExposureNotificationPayload.Length:
                payload = ExposureNotificationPayload.FromBytes(data);
                return true;
            default:
                return false;
        }
    }
}
