using Cocoa.Sdk.Crypto;

namespace Cocoa.Sdk.Matching;

/// <summary>One advertisement the phone heard: when, which RPI and AEM, and how strong.</summary>
/// <param name="UnixSeconds">When it was heard, Unix seconds (not negative).</param>
/// <param name="Identifier">The rolling proximity identifier received.</param>
/// <param name="EncryptedMetadata">The associated encrypted metadata received with it.</param>
/// <param name="RssiDbm">The received signal strength in dBm, uncorrected.</param>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly record struct Sighting(long UnixSeconds, RollingProximityIdentifier Identifier, AssociatedEncryptedMetadata EncryptedMetadata, int RssiDbm)
{
    /// <summary>Creates a sighting from an instant.</summary>
    /// <param name="time">When it was heard.</param>
    /// <param name="identifier">The RPI received.</param>
    /// <param name="encryptedMetadata">The AEM received.</param>
    /// <param name="rssiDbm">The RSSI in dBm.</param>
    public Sighting(DateTimeOffset time, RollingProximityIdentifier identifier, AssociatedEncryptedMetadata encryptedMetadata, int rssiDbm)
        : this(time.ToUnixTimeSeconds(), identifier, encryptedMetadata, rssiDbm)
    {
    }

    /// <summary>Gets when it was heard.</summary>
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeSeconds(UnixSeconds);

    /// <summary>Gets the interval it was heard in (Unix seconds / 600).</summary>
    public EnIntervalNumber Interval => EnIntervalNumber.FromUnixSeconds(UnixSeconds);
}
