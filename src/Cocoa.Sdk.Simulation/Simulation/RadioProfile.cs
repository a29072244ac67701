using Cocoa.Sdk.Ble;
using Cocoa.Sdk.Crypto;

namespace Cocoa.Sdk.Simulation;

/// <summary>
/// A simulated device's radio: its calibration-table entry (the TX power it advertises, its RSSI correction) and how far
/// the real hardware deviates from that entry. RSSI measured = TX + transmit error − attenuation − RSSI correction +
/// receive error + noise, so a perfectly calibrated pair recovers the true attenuation as TX − (RSSI + correction).
/// </summary>
/// <param name="Calibration">The device's calibration, normally from <see cref="CalibrationTable.Lookup"/>.</param>
/// <param name="TransmitErrorDb">How much stronger (positive) the device really transmits than its calibration claims.</param>
/// <param name="ReceiveErrorDb">How much stronger (positive) the device really measures than its correction assumes.</param>
public sealed record RadioProfile(DeviceCalibration Calibration, double TransmitErrorDb = 0, double ReceiveErrorDb = 0)
{
    /// <summary>Gets a Pixel 4 as in Google's 2020-08-12 table (TX −30 dBm, RSSI correction 8 dB, high confidence), perfectly calibrated.</summary>
    public static RadioProfile Pixel4 { get; } = new(new DeviceCalibration(-30, 8, CalibrationConfidence.High, CalibrationSource.ExactModel));

    /// <summary>Gets a device with roughly the table's fleet-wide average (TX −23 dBm, RSSI correction 4 dB, lowest confidence).</summary>
    public static RadioProfile FleetAverage { get; } = new(new DeviceCalibration(-23, 4, CalibrationConfidence.Lowest, CalibrationSource.Fleet));
}
