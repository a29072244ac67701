using Cocoa.Sdk.Crypto;

namespace Cocoa.Sdk.Runtime;

/// <summary>
/// What a platform adapter broadcasts: the current rolling proximity identifier and its encrypted metadata, as the
/// 20-byte service data of the Exposure Notification service (16-bit UUID 0xFD6F).
/// </summary>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly struct BleAdvertisingPayload : IEquatable<BleAdvertisingPayload>
{
    /// <summary>The 16-bit Exposure Notification service UUID.</summary>
    public const ushort ServiceUuid16 = 0xFD6F;

    /// <summary>The full 128-bit form of <see cref="ServiceUuid16"/>.</summary>
    public static readonly Guid ServiceUuid = new("0000fd6f-0000-1000-8000-00805f9b34fb");

    /// <summary>Length of the service data (RPI + AEM).</summary>
    public const int ServiceDataLength = RollingProximityIdentifier.Length + AssociatedEncryptedMetadata.Length;

    /// <summary>Creates a payload.</summary>
    /// <param name="identifier">The RPI.</param>
    /// <param name="encryptedMetadata">The AEM.</param>
    public BleAdvertisingPayload(RollingProximityIdentifier identifier, AssociatedEncryptedMetadata encryptedMetadata)
    {
        Identifier = identifier;
        EncryptedMetadata = encryptedMetadata;
    }

    /// <summary>Gets the rolling proximity identifier.</summary>
    public RollingProximityIdentifier Identifier { get; }

    /// <summary>Gets the associated encrypted metadata.</summary>
    public AssociatedEncryptedMetadata EncryptedMetadata { get; }

    /// <summary>Writes the 20-byte service data (RPI then AEM).</summary>
    /// <param name="destination">At least 20 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 20 bytes.</exception>
    public void WriteServiceData(Span<byte> destination)
    {
        if (destination.Length < ServiceDataLength)
        {
            throw new ArgumentException($"The destination needs {ServiceDataLength} bytes.", nameof(destination));
        }

        Identifier.CopyTo(destination);
        EncryptedMetadata.CopyTo(destination[RollingProximityIdentifier.Length..]);
    }

    /// <summary>Returns the 20-byte service data as a new array (what Android's <c>addServiceData</c> takes).</summary>
    /// <returns>RPI followed by AEM.</returns>
    public byte[] ToServiceData()
    {
        byte[] data = new byte[ServiceDataLength];
        WriteServiceData(data);
        return data;
    }

    /// <inheritdoc/>
    public bool Equals(BleAdvertisingPayload other) => Identifier == other.Identifier && EncryptedMetadata == other.EncryptedMetadata;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is BleAdvertisingPayload other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Identifier, EncryptedMetadata);

    /// <summary>Compares two payloads for equality.</summary>
    public static bool operator ==(BleAdvertisingPayload left, BleAdvertisingPayload right) => left.Equals(right);

    /// <summary>Compares two payloads for inequality.</summary>
    public static bool operator !=(BleAdvertisingPayload left, BleAdvertisingPayload right) => !left.Equals(right);
}
