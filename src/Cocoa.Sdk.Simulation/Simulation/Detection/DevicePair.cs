namespace Cocoa.Sdk.Simulation.Detection;

/// <summary>
/// A pair of phone classes meeting, with the pair's share of all contacts. In a trial one phone of the pair is the person who
/// later tests positive (its keys are published) and the other is notified or not; for a mixed pair each role is taken by
/// either class in half the trials.
/// </summary>
/// <param name="A">One class.</param>
/// <param name="B">The other class (the same as <paramref name="A"/> for a same-class pair).</param>
/// <param name="Share">The pair's share of contacts, 0..1.</param>
public sealed record DevicePair(DeviceClass A, DeviceClass B, double Share)
{
    /// <summary>
    /// Gets iPhone's share of smartphones in Japan used by default: 45.7 % iPhone against 47.0 % Android (MMD Research
    /// Institute, December 2021, 36,006 smartphone owners aged 18–69), normalised over the two, ≈ 0.493.
    /// </summary>
    public const double JapanIPhoneShare = 45.7 / (45.7 + 47.0);

    /// <summary>Gets a label such as "iPhone–Android".</summary>
    public string Name => $"{A.Name}–{B.Name}";

    /// <summary>Gets the three pairs of two classes when phones meet at random: shares p², 2p(1 − p) and (1 − p)².</summary>
    /// <param name="first">The first class (e.g. <see cref="DeviceClass.IPhone"/>).</param>
    /// <param name="firstShare">The first class's share of phones, 0..1.</param>
    /// <param name="second">The second class (e.g. <see cref="DeviceClass.Android"/>).</param>
    /// <returns>first–first, first–second and second–second.</returns>
    /// <exception cref="ArgumentNullException">A class is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The share is outside 0..1.</exception>
    public static IReadOnlyList<DevicePair> RandomMixing(DeviceClass first, double firstShare, DeviceClass second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (!(firstShare is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(firstShare), firstShare, "A share is between 0 and 1.");
        }

        double p = firstShare, q = 1 - firstShare;
        return [new DevicePair(first, first, p * p), new DevicePair(first, second, 2 * p * q), new DevicePair(second, second, q * q)];
    }

    /// <summary>Gets the pairs used by default: iPhone and Android in Japan (<see cref="JapanIPhoneShare"/>).</summary>
    /// <returns>iPhone–iPhone, iPhone–Android, Android–Android.</returns>
    public static IReadOnlyList<DevicePair> Japan() => RandomMixing(DeviceClass.IPhone, JapanIPhoneShare, DeviceClass.Android);
}
