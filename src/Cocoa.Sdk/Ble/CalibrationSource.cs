namespace Cocoa.Sdk.Ble;

/// <summary>Which level of the device lookup produced a <see cref="DeviceCalibration"/>.</summary>
public enum CalibrationSource
{
    /// <summary>A row with the same manufacturer, device and model; the row's own confidence applies.</summary>
    ExactModel = 0,

    /// <summary>The average of the rows with the same device or the same model name (confidence Medium).</summary>
    SimilarDevice = 1,

    /// <summary>The average of the manufacturer's rows (confidence Low).</summary>
    Manufacturer = 2,

    /// <summary>The average of all rows (confidence Lowest).</summary>
    Fleet = 3,
}
