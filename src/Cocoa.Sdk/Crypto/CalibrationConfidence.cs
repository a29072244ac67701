namespace Cocoa.Sdk.Crypto;

/// <summary>Confidence in a device's BLE transmit-power calibration (metadata bits 3:2).</summary>
public enum CalibrationConfidence
{
    /// <summary>No calibration data; fleet-wide defaults are used.</summary>
    Lowest = 0,

    /// <summary>Average calibration over the manufacturer's models.</summary>
    Low = 1,

    /// <summary>Single-antenna-orientation calibration of a similar model.</summary>
    Medium = 2,

    /// <summary>Significant calibration data for this model.</summary>
    High = 3,
}
