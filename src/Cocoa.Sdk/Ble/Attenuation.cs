// Google, "BLE attenuation overview": Attenuation = TX_power - (RSSI_measured + RSSI_correction), where TX_power comes from the
// sender's decrypted metadata (not the BLE TX power level AD) and RSSI_correction is the receiving device's calibration.
// The reference implementations clamp negative attenuation to 0.

using Cocoa.Sdk.Crypto;

namespace Cocoa.Sdk.Ble;

/// <summary>Computes the attenuation (path loss in dB) of a received exposure-notification advertisement.</summary>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class Attenuation
{
    /// <summary>The smallest RSSI a receiver reports, in dBm.</summary>
    public const int MinRssiDbm = -127;

    /// <summary>The largest valid RSSI in dBm; 127 means "not available" in the Bluetooth HCI and is rejected.</summary>
    public const int MaxRssiDbm = 126;

    /// <summary>Computes <c>max(0, txPower − (rssi + rssiCorrection))</c>.</summary>
    /// <param name="txPowerDbm">The sender's calibrated TX power from its decrypted metadata.</param>
    /// <param name="rssiDbm">The measured RSSI, <see cref="MinRssiDbm"/>..<see cref="MaxRssiDbm"/>.</param>
    /// <param name="rssiCorrectionDb">The receiving device's RSSI correction (-128..127), e.g. <see cref="DeviceCalibration.RssiCorrectionDb"/>.</param>
    /// <returns>The attenuation in dB, never negative (at most 382).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rssiDbm"/> or <paramref name="rssiCorrectionDb"/> is out of range.</exception>
    public static int Compute(sbyte txPowerDbm, int rssiDbm, int rssiCorrectionDb)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rssiDbm, MinRssiDbm);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rssiDbm, MaxRssiDbm);
        ArgumentOutOfRangeException.ThrowIfLessThan(rssiCorrectionDb, sbyte.MinValue);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rssiCorrectionDb, sbyte.MaxValue);
        return Math.Max(0, txPowerDbm - (rssiDbm + rssiCorrectionDb));
    }

    /// <summary>Computes the attenuation from the sender's decrypted metadata and the receiver's calibration.</summary>
    /// <param name="senderMetadata">The decrypted metadata of the received RPI (its TX power is used).</param>
    /// <param name="rssiDbm">The measured RSSI, <see cref="MinRssiDbm"/>..<see cref="MaxRssiDbm"/>.</param>
    /// <param name="receiver">The calibration of the receiving (this) device.</param>
    /// <returns>The attenuation in dB, never negative.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rssiDbm"/> is out of range.</exception>
    public static int Compute(ExposureMetadata senderMetadata, int rssiDbm, DeviceCalibration receiver) =>
        Compute(senderMetadata.TxPowerDbm, rssiDbm, receiver.RssiCorrectionDb);
}
