using Cocoa.Sdk.Ble;
using Cocoa.Sdk.Crypto;

namespace Cocoa.Sdk.Simulation.Detection;

/// <summary>One group of phone models within a <see cref="DeviceClass"/>: a share of the class and the calibrations of its models.</summary>
/// <param name="Label">A name for the group (e.g. "AQUOS (Sharp)").</param>
/// <param name="Weight">The group's share of the class (any positive scale; normalised over the class).</param>
/// <param name="Calibrations">The calibration of each model in the group; a phone of the group is one of them, uniformly.</param>
public sealed record DeviceGroup(string Label, double Weight, IReadOnlyList<DeviceCalibration> Calibrations);

/// <summary>
/// A class of phones (e.g. iPhone, Android) in the detection simulation: groups of models with shares, each model backed by its
/// calibration-table entry. Each trial draws a group by share, then a model of the group uniformly.
/// </summary>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed class DeviceClass
{
    private static readonly Lazy<DeviceClass> AndroidJapan = new(() => CreateAndroidJapan(CalibrationTable.BuiltIn));
    private readonly double[] _cumulative;

    /// <summary>Creates a class.</summary>
    /// <param name="name">The class name (e.g. "Android").</param>
    /// <param name="groups">The groups, with positive weights and at least one calibration each.</param>
    /// <exception cref="ArgumentException">The name is empty, there is no group, a weight is not positive or a group has no model.</exception>
    public DeviceClass(string name, IReadOnlyList<DeviceGroup> groups)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count == 0 || groups.Any(g => g is null || !(g.Weight > 0) || !double.IsFinite(g.Weight) || g.Calibrations.Count == 0))
        {
            throw new ArgumentException("A device class needs at least one group, each with a positive weight and at least one model.", nameof(groups));
        }

        Name = name;
        Groups = [.. groups];
        _cumulative = new double[groups.Count];
        double total = groups.Sum(g => g.Weight), running = 0;
        for (int i = 0; i < groups.Count; i++)
        {
            running += groups[i].Weight / total;
            _cumulative[i] = running;
        }
    }

    /// <summary>
    /// Gets the iPhone class: the reference phone of Google's calibration scheme (TX power values in the table are "what a typical
    /// iPhone would report"), so its calibration is exact by construction. The table has no iOS rows; the TX power and RSSI
    /// correction used (the fleet average) only set where the receiver's sensitivity cuts off weak packets.
    /// </summary>
    public static DeviceClass IPhone { get; } = new("iPhone",
        [new DeviceGroup("iPhone (calibration reference)", 1.0, [new DeviceCalibration(-23, 4, CalibrationConfidence.High, CalibrationSource.ExactModel)])]);

    /// <summary>
    /// Gets the Android class as used in Japan: AQUOS (Sharp) 30.6 %, Xperia (Sony) 23.5 %, Galaxy (Samsung) 14.3 % and the other
    /// 31.6 % of Android users (MMD Research Institute, smartphone OS share survey of December 2021, n = 36,006), each group
    /// backed by every row of that manufacturer (the others: every other row) of the SDK's calibration table.
    /// </summary>
    public static DeviceClass Android => AndroidJapan.Value;

    /// <summary>Gets the class name.</summary>
    public string Name { get; }

    /// <summary>Gets the groups.</summary>
    public IReadOnlyList<DeviceGroup> Groups { get; }

    /// <summary>Builds the Japanese Android class from a calibration table (see <see cref="Android"/>).</summary>
    /// <param name="table">The calibration table.</param>
    /// <returns>The class.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="table"/> is null.</exception>
    /// <exception cref="ArgumentException">The table has no row for one of the groups.</exception>
    public static DeviceClass CreateAndroidJapan(CalibrationTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        (string Label, string? Maker, double Share)[] groups =
        [
            ("AQUOS (Sharp)", "sharp", 30.6),
            ("Xperia (Sony)", "sony", 23.5),
            ("Galaxy (Samsung)", "samsung", 14.3),
            ("other Android makers", null, 100.0 - 30.6 - 23.5 - 14.3),
        ];
        string[] named = [.. groups.Where(g => g.Maker is not null).Select(g => g.Maker!)];
        return new DeviceClass("Android", [.. groups.Select(g => new DeviceGroup(
            g.Label,
            g.Share,
            [.. table.Records
                .Where(r => g.Maker is null
                    ? !named.Contains(r.Manufacturer.Trim(), StringComparer.OrdinalIgnoreCase)
                    : string.Equals(r.Manufacturer.Trim(), g.Maker, StringComparison.OrdinalIgnoreCase))
                .Select(r => new DeviceCalibration(r.TxPowerDbm, r.RssiCorrectionDb, r.Confidence, CalibrationSource.ExactModel))]))]);
    }

    /// <summary>Draws one phone of the class.</summary>
    internal DeviceCalibration Sample(Random random)
    {
        double u = random.NextDouble();
        int group = Array.FindIndex(_cumulative, c => u < c);
        IReadOnlyList<DeviceCalibration> models = Groups[group < 0 ? Groups.Count - 1 : group].Calibrations;
        return models[random.Next(models.Count)];
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
