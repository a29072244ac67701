namespace Cocoa.Sdk.Runtime;

/// <summary>
/// The platform's BLE scanner (Plugin.BLE, Android <c>BluetoothLeScanner</c>, CoreBluetooth central, or the simulated air).
/// The runtime runs the duty cycle (a few seconds every few minutes) and calls <see cref="ScanAsync"/> for each window.
/// </summary>
public interface IBleScanner
{
    /// <summary>Gets the state of the radio used for scanning.</summary>
    BluetoothState State { get; }

    /// <summary>Raised when <see cref="State"/> changes.</summary>
    event EventHandler? StateChanged;

    /// <summary>
    /// Scans for advertisements with service data of UUID 0xFD6F for <paramref name="duration"/> (low-latency mode, all
    /// matches, duplicates included) and returns every report heard.
    /// </summary>
    /// <param name="duration">How long to listen (default 4 s).</param>
    /// <param name="cancellationToken">Stops the scan early; reports so far are discarded.</param>
    /// <returns>The reports, in the order heard.</returns>
    Task<IReadOnlyList<BleAdvertisementReport>> ScanAsync(TimeSpan duration, CancellationToken cancellationToken);
}
