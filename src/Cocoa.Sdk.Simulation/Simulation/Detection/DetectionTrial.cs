using Cocoa.Sdk.Ble;
using Cocoa.Sdk.Matching;

namespace Cocoa.Sdk.Simulation.Detection;

/// <summary>What one simulated contact left on the receiving phone: its scans, the published key's matches, and the phones involved.</summary>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed class DetectionTrial
{
    internal DetectionTrial(
        DeviceCalibration sender,
        DeviceCalibration receiver,
        int packetsSent,
        int sightings,
        IReadOnlyList<long> scanTimes,
        IReadOnlyList<KeyMatch> matches,
        DateTimeOffset contactStart,
        DateTimeOffset checkTime)
    {
        Sender = sender;
        Receiver = receiver;
        PacketsSent = packetsSent;
        Sightings = sightings;
        ScanTimes = scanTimes;
        Matches = matches;
        ContactStart = contactStart;
        CheckTime = checkTime;
    }

    /// <summary>Gets the calibration of the phone whose keys are published.</summary>
    public DeviceCalibration Sender { get; }

    /// <summary>Gets the calibration of the phone that may be notified.</summary>
    public DeviceCalibration Receiver { get; }

    /// <summary>Gets how many advertisements fell into the receiver's scan windows during the contact.</summary>
    public int PacketsSent { get; }

    /// <summary>Gets how many of them were heard, decoded and stored as sightings.</summary>
    public int Sightings { get; }

    /// <summary>Gets the receiver's scan start times (Unix seconds), including scans before and after the contact.</summary>
    public IReadOnlyList<long> ScanTimes { get; }

    /// <summary>Gets the published key's matches (empty when nothing was heard).</summary>
    public IReadOnlyList<KeyMatch> Matches { get; }

    /// <summary>Gets when the contact started.</summary>
    public DateTimeOffset ContactStart { get; }

    /// <summary>Gets when the receiver checks the published keys (the day after the contact).</summary>
    public DateTimeOffset CheckTime { get; }

    /// <summary>Applies a rule to this trial.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns><see langword="true"/> when the receiver would notify.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rule"/> is null.</exception>
    public bool IsDetected(DetectionRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.IsDetected(Matches, ScanTimes, CheckTime);
    }
}
