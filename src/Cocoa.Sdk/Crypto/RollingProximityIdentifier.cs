// Exposure Notification Cryptography Specification v1.2, "Rolling Proximity Identifier":
// RPI = AES-128(RPIK, "EN-RPI" || 0x000000000000 || ENIN as uint32 little-endian).

using System.Buffers.Binary;
using Cocoa.Sdk.Internal;

namespace Cocoa.Sdk.Crypto;

/// <summary>A rolling proximity identifier (RPI): the 16 bytes a phone broadcasts for one 10-minute interval.</summary>
/// <remarks><para>The default value is the all-zero identifier.</para></remarks>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly struct RollingProximityIdentifier : IEquatable<RollingProximityIdentifier>
{
    /// <summary>Length of an RPI in bytes.</summary>
    public const int Length = 16;

    private readonly Buffer16 _bytes;

    private RollingProximityIdentifier(ReadOnlySpan<byte> bytes) => bytes.CopyTo(_bytes);

    /// <summary>Creates an RPI from 16 bytes.</summary>
    /// <param name="bytes">Exactly 16 bytes.</param>
    /// <returns>The identifier.</returns>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 16 bytes long.</exception>
    public static RollingProximityIdentifier FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"A rolling proximity identifier is {Length} bytes; got {bytes.Length}.", nameof(bytes));
        }

        return new RollingProximityIdentifier(bytes);
    }

    /// <summary>Parses 32 hex digits.</summary>
    /// <param name="hex">The hex text.</param>
    /// <param name="result">The identifier when successful.</param>
    /// <returns><see langword="true"/> when <paramref name="hex"/> is exactly 32 hex digits.</returns>
    public static bool TryParseHex(ReadOnlySpan<char> hex, out RollingProximityIdentifier result)
    {
        Span<byte> bytes = stackalloc byte[Length];
        if (!Hex.TryDecode(hex, bytes))
        {
            result = default;
            return false;
        }

        result = new RollingProximityIdentifier(bytes);
        return true;
    }

    /// <summary>Copies the 16 bytes to <paramref name="destination"/>.</summary>
    /// <param name="destination">At least 16 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 16 bytes.</exception>
    public void CopyTo(Span<byte> destination) => ((ReadOnlySpan<byte>)_bytes).CopyTo(destination);

    /// <summary>Returns the bytes as a new array.</summary>
    /// <returns>16 bytes.</returns>
    public byte[] ToArray() => ((ReadOnlySpan<byte>)_bytes).ToArray();

    /// <inheritdoc/>
    public bool Equals(RollingProximityIdentifier other) => ((ReadOnlySpan<byte>)_bytes).SequenceEqual(other._bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RollingProximityIdentifier other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => BinaryPrimitives.ReadInt32LittleEndian(_bytes);

    /// <summary>Returns the identifier as 32 lowercase hex digits.</summary>
    /// <returns>The hex text.</returns>
    public override string ToString() => Hex.ToLower(_bytes);

    /// <summary>Compares two identifiers for equality.</summary>
    public static bool operator ==(RollingProximityIdentifier left, RollingProximityIdentifier right) => left.Equals(right);

    /// <summary>Compares two identifiers for inequality.</summary>
    public static bool operator !=(RollingProximityIdentifier left, RollingProximityIdentifier right) => !left.Equals(right);
}
