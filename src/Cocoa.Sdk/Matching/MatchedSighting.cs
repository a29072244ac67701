using Cocoa.Sdk.Crypto;

namespace Cocoa.Sdk.Matching;

/// <summary>A sighting whose RPI was derived from a diagnosis key, with its metadata decrypted.</summary>
/// <param name="Sighting">The stored sighting.</param>
/// <param name="IdentifierInterval">The interval the RPI belongs to (within ±12 intervals of the sighting's time).</param>
/// <param name="Metadata">The decrypted metadata (unauthenticated).</param>
/// <param name="AttenuationDb">
/// <c>max(TX power − (RSSI + receiver RSSI correction), 0)</c> in dB; <see cref="ExposureMatcher"/> uses the correction from <see cref="MatchOptions"/>.
/// </param>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly record struct MatchedSighting(Sighting Sighting, EnIntervalNumber IdentifierInterval, ExposureMetadata Metadata, int AttenuationDb)
{
    /// <summary>The lowest plausible TX power in decrypted metadata, dBm.</summary>
    public const int MinimumTxPowerDbm = -60;

    /// <summary>The highest plausible TX power in decrypted metadata, dBm.</summary>
    public const int MaximumTxPowerDbm = 20;

    /// <summary>
    /// Gets whether the decrypted metadata is plausible: major version 1 and TX power within −60..20 dBm. Implausible sightings
    /// (corrupt or forged AEMs) are left out of exposure windows.
    /// </summary>
    public bool IsMetadataPlausible =>
        Metadata.MajorVersion == 1 && Metadata.TxPowerDbm >= MinimumTxPowerDbm && Metadata.TxPowerDbm <= MaximumTxPowerDbm;
}
