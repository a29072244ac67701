// Exposure Notification Cryptography Specification v1.2, "Associated Encrypted Metadata":
// AEM = AES-128-CTR(AEMK, IV = RPI, metadata), 4 bytes.

using System.Buffers.Binary;
using Cocoa.Sdk.Internal;

namespace Cocoa.Sdk.Crypto;

/// <summary>Associated encrypted metadata (AEM): the 4 encrypted metadata bytes broadcast after the RPI.</summary>
/// <remarks><para>The default value is four zero bytes.</para></remarks>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly struct AssociatedEncryptedMetadata : IEquatable<AssociatedEncryptedMetadata>
{
    /// <summary>Length of the AEM in bytes.</summary>
    public const int Length = 4;

    private readonly Buffer4 _bytes;

    private AssociatedEncryptedMetadata(ReadOnlySpan<byte> bytes) => bytes.CopyTo(_bytes);

    /// <summary>Creates an AEM from 4 bytes.</summary>
    /// <param name="bytes">Exactly 4 bytes.</param>
    /// <returns>The encrypted metadata.</returns>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 4 bytes long.</exception>
    public static AssociatedEncryptedMetadata FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"Associated encrypted metadata is {Length} bytes; got {bytes.Length}.", nameof(bytes));
        }

        return new AssociatedEncryptedMetadata(bytes);
    }

    /// <summary>Parses 8 hex digits.</summary>
    /// <param name="hex">The hex text.</param>
    /// <param name="result">The metadata when successful.</param>
    /// <returns><see langword="true"/> when <paramref name="hex"/> is exactly 8 hex digits.</returns>
    public static bool TryParseHex(ReadOnlySpan<char> hex, out AssociatedEncryptedMetadata result)
    {
        Span<byte> bytes = stackalloc byte[Length];
        if (!Hex.TryDecode(hex, bytes))
        {
            result = default;
            return false;
        }

        result = new AssociatedEncryptedMetadata(bytes);
        return true;
    }

    /// <summary>Copies the 4 bytes to <paramref name="destination"/>.</summary>
    /// <param name="destination">At least 4 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 4 bytes.</exception>
    public void CopyTo(Span<byte> destination) => ((ReadOnlySpan<byte>)_bytes).CopyTo(destination);

    /// <summary>Returns the bytes as a new array.</summary>
    /// <returns>4 bytes.</returns>
    public byte[] ToArray() => ((ReadOnlySpan<byte>)_bytes).ToArray();

    /// <inheritdoc/>
    public bool Equals(AssociatedEncryptedMetadata other) => ((ReadOnlySpan<byte>)_bytes).SequenceEqual(other._bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is AssociatedEncryptedMetadata other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => BinaryPrimitives.ReadInt32LittleEndian(_bytes);

    /// <summary>Returns the AEM as 8 lowercase hex digits.</summary>
    /// <returns>The hex text.</returns>
    public override string ToString() => Hex.ToLower(_bytes);

    /// <summary>Compares two values for equality.</summary>
    public static bool operator ==(AssociatedEncryptedMetadata left, AssociatedEncryptedMetadata right) => left.Equals(right);

    /// <summary>Compares two values for inequality.</summary>
    public static bool operator !=(AssociatedEncryptedMetadata left, AssociatedEncryptedMetadata right) => !left.Equals(right);
}
