namespace Cocoa.Sdk.Runtime;

/// <summary>The state of the Bluetooth radio as a platform adapter reports it.</summary>
public enum BluetoothState
{
    /// <summary>Not known yet (the platform has not reported).</summary>
    Unknown = 0,

    /// <summary>The radio is on and usable.</summary>
    On = 1,

    /// <summary>The user switched Bluetooth off; nothing is advertised, scanned or recorded.</summary>
    Off = 2,

    /// <summary>The app is not allowed to use Bluetooth (permission denied or restricted).</summary>
    Unauthorized = 3,

    /// <summary>The device has no usable Bluetooth LE radio (or no LE advertising).</summary>
    Unsupported = 4,
}
