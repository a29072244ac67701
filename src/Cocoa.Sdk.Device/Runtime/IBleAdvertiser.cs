using Cocoa.Sdk.Ble;

namespace Cocoa.Sdk.Runtime;

/// <summary>
/// The platform's BLE advertiser (Android <c>BluetoothLeAdvertiser</c>, a Linux/embedded stack, or the simulated air).
/// The runtime decides what and when; the adapter only puts bytes on air.
/// </summary>
/// <remarks>
/// <para>Each <see cref="StartAdvertisingAsync"/> call is a rotation: the adapter stops any current advertisement,
/// switches to a new random (non-resolvable) Bluetooth address and starts the new payload, so the RPI and the address
/// always change together. Advertise non-connectable, legacy mode, about every 200–270 ms, low TX power.</para>
/// </remarks>
public interface IBleAdvertiser
{
    /// <summary>Gets the state of the radio used for advertising.</summary>
    BluetoothState State { get; }

    /// <summary>Raised when <see cref="State"/> changes (for example the user switches Bluetooth off).</summary>
    event EventHandler? StateChanged;

    /// <summary>
    /// Rotates to a new address and advertises <paramref name="payload"/> until the next call or stop: as 0xFD6F service
    /// data (<see cref="ExposureNotificationPayload.ToArray"/>), or as the full 31-byte advertising data
    /// (<see cref="ExposureNotificationAdvertisement.Encode"/>) on stacks that take raw bytes.
    /// </summary>
    /// <param name="payload">The RPI and AEM to broadcast.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when advertising runs with the new payload.</returns>
    Task StartAdvertisingAsync(ExposureNotificationPayload payload, CancellationToken cancellationToken);

    /// <summary>Stops advertising.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when nothing is broadcast any more.</returns>
    Task StopAdvertisingAsync(CancellationToken cancellationToken);
}
