using Cocoa.Sdk.Ble;
using Cocoa.Sdk.Runtime;

namespace Cocoa.Samples.App;

/// <summary>
/// The radio of the headless app on a PC: there is no Exposure Notification Bluetooth here, and it says so
/// (<see cref="BluetoothState.Unsupported"/>), so the runtime advertises and records nothing and the home screen shows
/// Bluetooth as unavailable. Registration and exposure checks work as on a phone. On a phone the platform's adapters
/// (docs/platform-adapters.md) take its place.
/// </summary>
internal sealed class DesktopRadio : IBleAdvertiser, IBleScanner
{
    /// <inheritdoc cref="IBleAdvertiser.StateChanged"/>
    public event EventHandler? StateChanged
    {
        add { }
        remove { }
    }

    /// <inheritdoc cref="IBleAdvertiser.State"/>
    public BluetoothState State => BluetoothState.Unsupported;

    /// <inheritdoc/>
    public Task StartAdvertisingAsync(ExposureNotificationPayload payload, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This PC has no Exposure Notification Bluetooth.");

    /// <inheritdoc/>
    public Task StopAdvertisingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task<IReadOnlyList<BleAdvertisementReport>> ScanAsync(TimeSpan duration, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This PC has no Exposure Notification Bluetooth.");
}
