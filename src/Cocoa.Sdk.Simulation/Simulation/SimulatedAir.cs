using Cocoa.Sdk.Ble;
using Cocoa.Sdk.Runtime;

namespace Cocoa.Sdk.Simulation;

/// <summary>
/// An in-memory radio channel connecting virtual devices. When a device scans, every other device that is advertising
/// is heard with an RSSI from a log-distance path-loss model, walls, Gaussian noise and both devices' calibration.
/// Scans are instantaneous in simulated time, so days of contacts play in milliseconds on a fake clock; with the same
/// seed and the same sequence of calls, every RSSI is the same.
/// </summary>
/// <threadsafety>All members are thread-safe.</threadsafety>
public sealed class SimulatedAir
{
    private readonly Lock _lock = new();
    private readonly List<SimulatedDevice> _devices = [];
    private readonly List<Wall> _walls = [];
    private readonly Random _random;
    private readonly int _seed;

    /// <summary>Creates an empty air.</summary>
    /// <param name="timeProvider">The clock shared by every device (normally a fake clock).</param>
    /// <param name="seed">Seed of all randomness (noise, addresses, device schedules).</param>
    /// <param name="model">The propagation model, or <see langword="null"/> for <see cref="PathLossModel.Default"/>.</param>
    public SimulatedAir(TimeProvider timeProvider, int seed, PathLossModel? model = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        TimeProvider = timeProvider;
        Model = model ?? PathLossModel.Default;
        _seed = seed;
        _random = new Random(seed);
    }

    /// <summary>Gets the clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Gets the propagation model.</summary>
    public PathLossModel Model { get; }

    /// <summary>Gets the devices in the order they were added.</summary>
    public IReadOnlyList<SimulatedDevice> Devices
    {
        get
        {
            lock (_lock)
            {
                return _devices.ToArray();
            }
        }
    }

    /// <summary>Adds a device.</summary>
    /// <param name="name">A label for diagnostics (never broadcast).</param>
    /// <param name="radio">The device's radio: its calibration and how far the hardware deviates from it.</param>
    /// <param name="position">Where it starts, in metres.</param>
    /// <returns>The device; connect <see cref="SimulatedDevice.Advertiser"/> and <see cref="SimulatedDevice.Scanner"/> to a runtime.</returns>
    public SimulatedDevice AddDevice(string name, RadioProfile radio, Position position)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(radio);
        lock (_lock)
        {
            var device = new SimulatedDevice(this, name, radio, position, _seed ^ (_devices.Count * 7919 + 1));
            _devices.Add(device);
            return device;
        }
    }

    /// <summary>Adds a wall (a segment) that attenuates any signal crossing it.</summary>
    /// <param name="from">One end, in metres.</param>
    /// <param name="to">The other end, in metres.</param>
    /// <param name="lossDb">Extra loss in dB (an interior wall is roughly 5–15 dB).</param>
    public void AddWall(Position from, Position to, double lossDb)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lossDb);
        lock (_lock)
        {
            _walls.Add(new Wall(from, to, lossDb));
        }
    }

    /// <summary>Gets the mean attenuation (path loss plus walls, no noise) between two positions, in dB.</summary>
    /// <param name="a">One position.</param>
    /// <param name="b">The other position.</param>
    /// <returns>The attenuation in dB.</returns>
    public double MeanAttenuationDb(Position a, Position b)
    {
        lock (_lock)
        {
            double loss = Model.PathLossDb(a.DistanceTo(b));
            foreach (Wall wall in _walls)
            {
                if (Position.SegmentsIntersect(a, b, wall.From, wall.To))
                {
                    loss += wall.LossDb;
                }
            }

            return loss;
        }
    }

    /// <summary>What <paramref name="scanner"/> hears during one scan window starting now.</summary>
    internal List<BleAdvertisementReport> Listen(SimulatedDevice scanner, TimeSpan duration)
    {
        DateTimeOffset now = TimeProvider.GetUtcNow();
        int packets = Math.Clamp((int)(duration / Model.AdvertisingInterval), 1, Model.MaxPacketsPerScan);
        var reports = new List<BleAdvertisementReport>();
        lock (_lock)
        {
            foreach (SimulatedDevice sender in _devices)
            {
                if (ReferenceEquals(sender, scanner) || !sender.BluetoothEnabled || sender.CurrentPayload is not { } payload)
                {
                    continue;
                }

                double meanRssi = sender.Radio.Calibration.TxPowerDbm + sender.Radio.TransmitErrorDb
                    - MeanAttenuationDb(sender.Position, scanner.Position)
                    - scanner.Radio.Calibration.RssiCorrectionDb + scanner.Radio.ReceiveErrorDb;
                byte[] advertisingData = ExposureNotificationAdvertisement.Encode(payload);
                for (int i = 0; i < packets; i++)
                {
                    double rssi = meanRssi + (Gaussian() * Model.NoiseSigmaDb);
                    if (rssi < Model.SensitivityDbm)
                    {
                        continue;
                    }

                    int measured = (int)Math.Clamp(Math.Round(rssi), -127, 20);
                    reports.Add(BleAdvertisementReport.FromAdvertisingData(advertisingData, measured, now + (Model.AdvertisingInterval * i)));
                }
            }
        }

        return reports;
    }

    internal ulong NextAddress()
    {
        lock (_lock)
        {
            // A random static/non-resolvable private address: 48 random bits.
            return (ulong)_random.NextInt64(1L << 48);
        }
    }

    private double Gaussian()
    {
        // Box–Muller; called under _lock.
        double u1 = 1.0 - _random.NextDouble();
        double u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private readonly record struct Wall(Position From, Position To, double LossDb);
}
