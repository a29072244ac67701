using Cocoa.Sdk.Crypto;

namespace Cocoa.Sdk.Ble;

/// <summary>The BLE calibration of one device: the TX power it advertises, the correction applied to the RSSI it measures, and the confidence in both.</summary>
/// <remarks><para>Obtain it from <see cref="CalibrationTable.Lookup"/>. The default value is a zero calibration with Lowest confidence.</para></remarks>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly struct DeviceCalibration : IEquatable<DeviceCalibration>
{
    /// <summary>Creates a calibration.</summary>
    /// <param name="txPowerDbm">Calibrated TX power to put into the broadcast metadata, in dBm.</param>
    /// <param name="rssiCorrectionDb">Correction added to RSSI values this device measures, in dB.</param>
    /// <param name="confidence">Confidence in the calibration.</param>
    /// <param name="source">Which lookup level produced the values.</param>
    public DeviceCalibration(sbyte txPowerDbm, sbyte rssiCorrectionDb, CalibrationConfidence confidence, CalibrationSource source)
    {
        TxPowerDbm = txPowerDbm;
        RssiCorrectionDb = rssiCorrectionDb;
        Confidence = confidence;
        Source = source;
    }

    /// <summary>Gets the calibrated TX power in dBm that this device broadcasts in its metadata.</summary>
    public sbyte TxPowerDbm { get; }

    /// <summary>Gets the RSSI correction in dB for advertisements this device receives.</summary>
    public sbyte RssiCorrectionDb { get; }

    /// <summary>Gets the confidence in the calibration (broadcast in metadata bits 3:2).</summary>
    public CalibrationConfidence Confidence { get; }

    /// <summary>Gets which lookup level produced the values.</summary>
    public CalibrationSource Source { get; }

    /// <summary>Creates the version 1.0 metadata this device broadcasts: its TX power and calibration confidence.</summary>
    /// <returns>The plaintext metadata to encrypt into each AEM.</returns>
    public ExposureMetadata CreateMetadata() => ExposureMetadata.Create(TxPowerDbm, Confidence);

    /// <inheritdoc/>
    public bool Equals(DeviceCalibration other) =>
        TxPowerDbm == other.TxPowerDbm && RssiCorrectionDb == other.RssiCorrectionDb && Confidence == other.Confidence && Source == other.Source;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is DeviceCalibration other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(TxPowerDbm, RssiCorrectionDb, Confidence, Source);

    /// <summary>Describes the calibration.</summary>
    /// <returns>A diagnostic string.</returns>
    public override string ToString() => $"tx {TxPowerDbm} dBm, rssi correction {RssiCorrectionDb} dB, {Confidence} ({Source})";

    /// <summary>Compares two calibrations for equality.</summary>
    public static bool operator ==(DeviceCalibration left, DeviceCalibration right) => left.Equals(right);

    /// <summary>Compares two calibrations for inequality.</summary>
    public static bool operator !=(DeviceCalibration left, DeviceCalibration right) => !left.Equals(right);
}
