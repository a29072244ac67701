namespace Cocoa.Sdk.Runtime;

/// <summary>What the app should tell the user about exposure notification on this device.</summary>
public enum ExposureNotificationState
{
    /// <summary>The user has not agreed (or withdrew agreement); nothing is generated, advertised, scanned or stored.</summary>
    ConsentRequired = 0,

    /// <summary>The user agreed, but the app has not started exposure notification (or stopped it).</summary>
    Stopped = 1,

    /// <summary>Keys rotate, this device advertises and scans, and sightings are recorded.</summary>
    Active = 2,

    /// <summary>Started, but Bluetooth is off: nothing is advertised or recorded until it is switched on again.</summary>
    BluetoothOff = 3,

    /// <summary>Started, but Bluetooth cannot be used (unsupported or not authorised).</summary>
    BluetoothUnavailable = 4,
}
