using System.Buffers.Binary;
using System.Security.Cryptography;
using Cocoa.Sdk.Internal;

namespace Cocoa.Sdk.Crypto;

/// <summary>An associated encrypted metadata key (AEMK), which encrypts the BLE metadata of one TEK.</summary>
/// <remarks>
/// <para>A secret derived from a temporary exposure key with HKDF-SHA256 (info "EN-AEMK"). <see cref="ToString"/> never prints it and
/// equality is compared in constant time. The default value is the all-zero key.</para>
/// </remarks>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly struct AssociatedEncryptedMetadataKey : IEquatable<AssociatedEncryptedMetadataKey>
{
    /// <summary>Length of the key in bytes.</summary>
    public const int Length = 16;

    private readonly Buffer16 _key;

    private AssociatedEncryptedMetadataKey(ReadOnlySpan<byte> key) => key.CopyTo(_key);

    /// <summary>Creates the key from 16 bytes.</summary>
    /// <param name="key">Exactly 16 bytes.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not 16 bytes long.</exception>
    public static AssociatedEncryptedMetadataKey FromBytes(ReadOnlySpan<byte> key)
    {
        if (key.Length != Length)
        {
            throw new ArgumentException($"The key is {Length} bytes; got {key.Length}.", nameof(key));
        }

        return new AssociatedEncryptedMetadataKey(key);
    }

    /// <summary>Copies the 16 key bytes to <paramref name="destination"/>.</summary>
    /// <param name="destination">At least 16 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 16 bytes.</exception>
    public void CopyTo(Span<byte> destination) => ((ReadOnlySpan<byte>)_key).CopyTo(destination);

    /// <summary>Returns the key bytes as a new array.</summary>
    /// <returns>16 bytes.</returns>
    public byte[] ToArray() => ((ReadOnlySpan<byte>)_key).ToArray();

    /// <summary>Returns the key bytes as lowercase hex.</summary>
    /// <returns>32 hex digits.</returns>
    public string ToHex() => Hex.ToLower(_key);

    /// <inheritdoc/>
    public bool Equals(AssociatedEncryptedMetadataKey other) => CryptographicOperations.FixedTimeEquals(_key, other._key);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is AssociatedEncryptedMetadataKey other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => BinaryPrimitives.ReadInt32LittleEndian(_key);

    /// <summary>Returns the type name without revealing the key.</summary>
    /// <returns>A diagnostic string.</returns>
    public override string ToString() => "AssociatedEncryptedMetadataKey(***)";

    /// <summary>Compares two keys for equality.</summary>
    public static bool operator ==(AssociatedEncryptedMetadataKey left, AssociatedEncryptedMetadataKey right) => left.Equals(right);

    /// <summary>Compares two keys for inequality.</summary>
    public static bool operator !=(AssociatedEncryptedMetadataKey left, AssociatedEncryptedMetadataKey right) => !left.Equals(right);
}
