// Exposure Notification Bluetooth Specification v1.2, "Service Data 16-bit UUID Section":
// a 16-byte Rolling Proximity Identifier followed by 4 bytes of Associated Encrypted Metadata.

using Cocoa.Sdk.Crypto;

namespace Cocoa.Sdk.Ble;

/// <summary>The 20 bytes an exposure-notification advertisement carries as 0xFD6F service data: an RPI and its AEM.</summary>
/// <remarks><para>The default value has an all-zero RPI and AEM.</para></remarks>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly struct ExposureNotificationPayload : IEquatable<ExposureNotificationPayload>
{
    /// <summary>Length of the payload in bytes (16 RPI + 4 AEM).</summary>
    public const int Length = RollingProximityIdentifier.Length + AssociatedEncryptedMetadata.Length;

    /// <summary>Creates a payload from an identifier and its encrypted metadata.</summary>
    /// <param name="identifier">The rolling proximity identifier.</param>
    /// <param name="encryptedMetadata">The associated encrypted metadata broadcast with <paramref name="identifier"/>.</param>
    public ExposureNotificationPayload(RollingProximityIdentifier identifier, AssociatedEncryptedMetadata encryptedMetadata)
    {
        Identifier = identifier;
        EncryptedMetadata = encryptedMetadata;
    }

    /// <summary>Gets the rolling proximity identifier (service data bytes 0..15).</summary>
    public RollingProximityIdentifier Identifier { get; }

    /// <summary>Gets the associated encrypted metadata (service data bytes 16..19).</summary>
    public AssociatedEncryptedMetadata EncryptedMetadata { get; }

    /// <summary>Creates a payload from its 20 service-data bytes.</summary>
    /// <param name="serviceData">Exactly 20 bytes: RPI then AEM.</param>
    /// <returns>The payload.</returns>
    /// <exception cref="ArgumentException"><paramref name="serviceData"/> is not 20 bytes long.</exception>
    public static ExposureNotificationPayload FromBytes(ReadOnlySpan<byte> serviceData)
    {
        if (serviceData.Length != Length)
        {
            throw new ArgumentException($"An exposure-notification payload is {Length} bytes; got {serviceData.Length}.", nameof(serviceData));
        }

        return new ExposureNotificationPayload(
            RollingProximityIdentifier.FromBytes(serviceData[..RollingProximityIdentifier.Length]),
            AssociatedEncryptedMetadata.FromBytes(serviceData[RollingProximityIdentifier.Length..]));
    }

    /// <summary>Writes the 20 service-data bytes (RPI then AEM).</summary>
    /// <param name="destination">At least 20 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 20 bytes.</exception>
    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException($"The destination needs {Length} bytes; got {destination.Length}.", nameof(destination));
        }

        Identifier.CopyTo(destination);
        EncryptedMetadata.CopyTo(destination[RollingProximityIdentifier.Length..]);
    }

    /// <summary>Returns the 20 service-data bytes as a new array.</summary>
    /// <returns>RPI then AEM.</returns>
    public byte[] ToArray()
    {
        byte[] bytes = new byte[Length];
        CopyTo(bytes);
        return bytes;
    }

    /// <inheritdoc/>
    public bool Equals(ExposureNotificationPayload other) => Identifier == other.Identifier && EncryptedMetadata == other.EncryptedMetadata;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ExposureNotificationPayload other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Identifier, EncryptedMetadata);

    /// <summary>Returns the payload as 40 lowercase hex digits (RPI then AEM).</summary>
    /// <returns>The hex text.</returns>
    public override string ToString() => $"{Identifier}{EncryptedMetadata}";

    /// <summary>Compares two payloads for equality.</summary>
    public static bool operator ==(ExposureNotificationPayload left, ExposureNotificationPayload right) => left.Equals(right);

    /// <summary>Compares two payloads for inequality.</summary>
    public static bool operator !=(ExposureNotificationPayload left, ExposureNotificationPayload right) => !left.Equals(right);
}
