namespace Cocoa.Sdk.Simulation.Detection;

/// <summary>
/// When the simulated phones advertise and scan. The defaults are the runtime's (<c>ExposureNotificationOptions</c>) and
/// Google's reference implementation: a 4 s scan every 300 s minus up to 90 s of random jitter (210–300 s apart), identifiers
/// rotated every 10–20 minutes, advertisements every 200–270 ms (Bluetooth specification of Exposure Notification v1.1).
/// </summary>
/// <param name="ScanInterval">The nominal time between scans.</param>
/// <param name="ScanIntervalRandomRange">Up to this much is subtracted at random from each interval.</param>
/// <param name="ScanDuration">How long one scan listens.</param>
/// <param name="MinimumAdvertisingInterval">The shortest time between two advertisements of one phone.</param>
/// <param name="MaximumAdvertisingInterval">The longest time between two advertisements of one phone.</param>
/// <param name="MinimumRotationInterval">The shortest time an identifier is broadcast.</param>
/// <param name="MaximumRotationInterval">The longest time an identifier is broadcast.</param>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed record RadioTiming(
    TimeSpan ScanInterval,
    TimeSpan ScanIntervalRandomRange,
    TimeSpan ScanDuration,
    TimeSpan MinimumAdvertisingInterval,
    TimeSpan MaximumAdvertisingInterval,
    TimeSpan MinimumRotationInterval,
    TimeSpan MaximumRotationInterval)
{
    /// <summary>Gets the runtime's timing: scans of 4 s every 210–300 s, advertisements every 200–270 ms, rotation every 10–20 min.</summary>
    public static RadioTiming Default { get; } = new(
        TimeSpan.FromSeconds(300),
        TimeSpan.FromSeconds(90),
        TimeSpan.FromSeconds(4),
        TimeSpan.FromMilliseconds(200),
        TimeSpan.FromMilliseconds(270),
        TimeSpan.FromMinutes(10),
        TimeSpan.FromMinutes(20));

    /// <summary>Checks the values are usable.</summary>
    /// <exception cref="ArgumentException">An interval is not positive, a range is reversed, or scans would overlap.</exception>
    public void Validate()
    {
        if (ScanDuration <= TimeSpan.Zero || ScanIntervalRandomRange < TimeSpan.Zero || ScanInterval - ScanIntervalRandomRange <= ScanDuration
            || MinimumAdvertisingInterval <= TimeSpan.Zero || MaximumAdvertisingInterval < MinimumAdvertisingInterval
            || MinimumRotationInterval <= TimeSpan.Zero || MaximumRotationInterval < MinimumRotationInterval)
        {
            throw new ArgumentException("Radio timing must have positive intervals, ordered ranges and scans that do not overlap.");
        }
    }
}
