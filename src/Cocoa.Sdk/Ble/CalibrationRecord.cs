using Cocoa.Sdk.Crypto;

namespace Cocoa.Sdk.Ble;

/// <summary>One row of a device calibration table.</summary>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed class CalibrationRecord
{
    /// <summary>Creates a row.</summary>
    /// <param name="manufacturer">The manufacturer (CSV column <c>oem</c>, Android <c>Build.MANUFACTURER</c>).</param>
    /// <param name="device">The device code name (CSV column <c>device</c>, Android <c>Build.DEVICE</c>).</param>
    /// <param name="model">The model name (CSV column <c>model</c>, Android <c>Build.MODEL</c>).</param>
    /// <param name="rssiCorrectionDb">The RSSI correction in dB.</param>
    /// <param name="txPowerDbm">The calibrated TX power in dBm.</param>
    /// <param name="confidence">The calibration confidence.</param>
    /// <param name="lineNumber">The 1-based line of the row in its file, or 0 when not read from a file.</param>
    public CalibrationRecord(string manufacturer, string device, string model, sbyte rssiCorrectionDb, sbyte txPowerDbm, CalibrationConfidence confidence, int lineNumber = 0)
    {
        ArgumentNullException.ThrowIfNull(manufacturer);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(model);
        Manufacturer = manufacturer;
        Device = device;
        Model = model;
        RssiCorrectionDb = rssiCorrectionDb;
        TxPowerDbm = txPowerDbm;
        Confidence = confidence;
        LineNumber = lineNumber;
    }

    /// <summary>Gets the manufacturer (CSV column <c>oem</c>).</summary>
    public string Manufacturer { get; }

    /// <summary>Gets the device code name.</summary>
    public string Device { get; }

    /// <summary>Gets the model name.</summary>
    public string Model { get; }

    /// <summary>Gets the RSSI correction in dB.</summary>
    public sbyte RssiCorrectionDb { get; }

    /// <summary>Gets the calibrated TX power in dBm.</summary>
    public sbyte TxPowerDbm { get; }

    /// <summary>Gets the calibration confidence.</summary>
    public CalibrationConfidence Confidence { get; }

    /// <summary>Gets the 1-based line of the row in its file, or 0 when not read from a file.</summary>
    public int LineNumber { get; }

    /// <summary>Describes the row.</summary>
    /// <returns>The row as CSV-like text.</returns>
    public override string ToString() => $"{Manufacturer},{Device},{Model},{RssiCorrectionDb},{TxPowerDbm},{(int)Confidence}";
}
