using Cocoa.Sdk.Ble;
using Cocoa.Sdk.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cocoa.Sdk.Simulation;

/// <summary>
/// A virtual phone in a <see cref="SimulatedAir"/>: a position, a Bluetooth switch, and an advertiser and scanner that
/// implement the runtime's radio abstractions. Both complete synchronously, so a runtime driven by a fake clock has
/// finished its work when the clock's <c>Advance</c> returns.
/// </summary>
/// <threadsafety>All members are thread-safe.</threadsafety>
public sealed class SimulatedDevice
{
    private readonly SimulatedAir _air;
    private readonly Lock _lock = new();
    private readonly RadioAdapter _advertiser;
    private readonly RadioAdapter _scanner;
    private readonly int _seed;
    private Position _position;
    private bool _bluetoothEnabled = true;
    private ExposureNotificationPayload? _payload;
    private ulong _address;
    private int _rotations;
    private int _scans;

    internal SimulatedDevice(SimulatedAir air, string name, RadioProfile radio, Position position, int seed)
    {
        _air = air;
        Name = name;
        Radio = radio;
        _position = position;
        _seed = seed;
        _advertiser = new RadioAdapter(this);
        _scanner = new RadioAdapter(this);
    }

    /// <summary>Gets the device's label.</summary>
    public string Name { get; }

    /// <summary>Gets the device's radio.</summary>
    public RadioProfile Radio { get; }

    /// <summary>Gets or sets where the device is, in metres.</summary>
    public Position Position
    {
        get { lock (_lock) { return _position; } }
        set { lock (_lock) { _position = value; } }
    }

    /// <summary>Gets or sets the Bluetooth switch; switching it raises the adapters' state events.</summary>
    public bool BluetoothEnabled
    {
        get { lock (_lock) { return _bluetoothEnabled; } }
        set
        {
            lock (_lock)
            {
                if (_bluetoothEnabled == value)
                {
                    return;
                }

                _bluetoothEnabled = value;
                if (!value)
                {
                    _payload = null;
                }
            }

            _advertiser.RaiseStateChanged();
            _scanner.RaiseStateChanged();
        }
    }

    /// <summary>Gets the advertiser to give the runtime.</summary>
    public IBleAdvertiser Advertiser => _advertiser;

    /// <summary>Gets the scanner to give the runtime.</summary>
    public IBleScanner Scanner => _scanner;

    /// <summary>Gets what the device broadcasts now, or <see langword="null"/> when silent.</summary>
    public ExposureNotificationPayload? CurrentPayload
    {
        get { lock (_lock) { return _payload; } }
    }

    /// <summary>Gets the device's current random Bluetooth address (changes with every rotation).</summary>
    public ulong Address
    {
        get { lock (_lock) { return _address; } }
    }

    /// <summary>Gets how many times the advertisement was rotated.</summary>
    public int Rotations
    {
        get { lock (_lock) { return _rotations; } }
    }

    /// <summary>Gets how many scan windows ran.</summary>
    public int Scans
    {
        get { lock (_lock) { return _scans; } }
    }

    /// <summary>
    /// Creates a runtime for this device with its calibration in the options and schedule jitter seeded from the air's
    /// seed (so a whole simulation is reproducible).
    /// </summary>
    /// <param name="configure">Sets the options (at least the database path).</param>
    /// <param name="exportSource">Where checks download export files from, or <see langword="null"/>.</param>
    /// <param name="logger">A logger, or <see langword="null"/>.</param>
    /// <param name="handlers">The app's handlers of new high-risk days, or <see langword="null"/>.</param>
    /// <returns>The runtime; the caller disposes it.</returns>
    public ExposureNotificationClient CreateClient(
        Action<ExposureNotificationOptions> configure,
        IExportFileSource? exportSource = null,
        ILogger? logger = null,
        IEnumerable<IExposureDetectedHandler>? handlers = null)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new ExposureNotificationOptions { Calibration = Radio.Calibration, ScheduleJitterSeed = _seed };
        configure(options);
        return new ExposureNotificationClient(
            Options.Create(options), Advertiser, Scanner, _air.TimeProvider, exportSource, logger is null ? null : new TypedLogger(logger), handlers);
    }

    internal BluetoothState State => BluetoothEnabled ? BluetoothState.On : BluetoothState.Off;

    /// <summary>Both adapters of the device; each has its own state events, like CoreBluetooth's central and peripheral managers.</summary>
    private sealed class RadioAdapter(SimulatedDevice device) : IBleAdvertiser, IBleScanner
    {
        public event EventHandler? StateChanged;

        public BluetoothState State => device.State;

        public Task StartAdvertisingAsync(ExposureNotificationPayload payload, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ulong address = device._air.NextAddress();
            lock (device._lock)
            {
                if (!device._bluetoothEnabled)
                {
                    throw new InvalidOperationException("Bluetooth is off.");
                }

                device._payload = payload;
                device._address = address;
                device._rotations++;
            }

            return Task.CompletedTask;
        }

        public Task StopAdvertisingAsync(CancellationToken cancellationToken)
        {
            lock (device._lock)
            {
                device._payload = null;
            }

            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<BleAdvertisementReport>> ScanAsync(TimeSpan duration, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lock (device._lock)
            {
                if (!device._bluetoothEnabled)
                {
                    throw new InvalidOperationException("Bluetooth is off.");
                }

                device._scans++;
            }

            return Task.FromResult<IReadOnlyList<BleAdvertisementReport>>(device._air.Listen(device, duration));
        }

        public void RaiseStateChanged() => StateChanged?.Invoke(device, EventArgs.Empty);
    }

    /// <summary>Adapts a plain logger to the runtime's <see cref="ILogger{T}"/> parameter.</summary>
    private sealed class TypedLogger(ILogger inner) : ILogger<ExposureNotificationClient>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
