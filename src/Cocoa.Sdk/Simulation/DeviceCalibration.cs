namespace Cocoa.Sdk.Simulation;

/// <summary>
/// A simulated device's radio: what the calibration table says (advertised TX power, RSSI correction) and how far the
/// real hardware deviates from it. RSSI measured = TX + transmit error − attenuation − RSSI correction + receive error
/// + noise, so a perfectly calibrated pair recovers the true attenuation as TX − (RSSI + correction).
/// </summary>
/// <param name="TxPowerDbm">The calibrated TX power the device advertises in its metadata.</param>
/// <param name="RssiCorrectionDb">The device's RSSI correction as a receiver.</param>
/// <param name="TransmitErrorDb">How much stronger (positive) the device really transmits than it claims.</param>
/// <param name="ReceiveErrorDb">How much stronger (positive) the device really measures than its correction assumes.</param>
public sealed record DeviceCalibration(sbyte TxPowerDbm, int RssiCorrectionDb, double TransmitErrorDb = 0, double ReceiveErrorDb = 0)
{
    /// <summary>Gets Pixel 4 values from Google's 2020-08-12 calibration table (TX −30 dBm, RSSI correction 8 dB).</summary>
    public static DeviceCalibration Pixel4 { get; } = new(-30, 8);

    /// <summary>Gets the fleet average of that table (TX −23 dBm, RSSI correction 4 dB).</summary>
    public static DeviceCalibration FleetAverage { get; } = new(-23, 4);
}
