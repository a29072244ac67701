// Exposure Notification Bluetooth Specification v1.2, metadata (4 bytes, encrypted into the AEM):
// byte 0: bits 7:6 major version, 5:4 minor version, 3:2 calibration confidence, 1:0 reserved;
// byte 1: transmit power, signed dBm; bytes 2-3: reserved.

using System.Buffers.Binary;
using Cocoa.Sdk.Internal;

namespace Cocoa.Sdk.Crypto;

/// <summary>The plaintext 4-byte metadata broadcast (encrypted) with each RPI: protocol version, TX power and calibration confidence.</summary>
/// <remarks>
/// <para>Metadata is not authenticated: after decryption, check <see cref="MajorVersion"/> and that <see cref="TxPowerDbm"/> is plausible.
/// The default value is four zero bytes (version 0.0).</para>
/// </remarks>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly struct ExposureMetadata : IEquatable<ExposureMetadata>
{
    /// <summary>Length of the metadata in bytes.</summary>
    public const int Length = 4;

    private readonly Buffer4 _bytes;

    private ExposureMetadata(ReadOnlySpan<byte> bytes) => bytes.CopyTo(_bytes);

    /// <summary>Creates metadata for the given transmit power.</summary>
    /// <param name="txPowerDbm">Calibrated transmit power in dBm (-127..127).</param>
    /// <param name="confidence">Calibration confidence (encoded from version 1.1 on).</param>
    /// <param name="majorVersion">Major version, 0..3 (1 for this protocol).</param>
    /// <param name="minorVersion">Minor version, 0..3.</param>
    /// <returns>The metadata.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A version is outside 0..3, or the confidence is undefined.</exception>
    public static ExposureMetadata Create(sbyte txPowerDbm, CalibrationConfidence confidence = CalibrationConfidence.Lowest, int majorVersion = 1, int minorVersion = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(majorVersion, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(majorVersion, 3);
        ArgumentOutOfRangeException.ThrowIfLessThan(minorVersion, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minorVersion, 3);
        if ((uint)confidence > 3)
        {
            throw new ArgumentOutOfRangeException(nameof(confidence));
        }

        Span<byte> b = [(byte)((majorVersion << 6) | (minorVersion << 4) | ((int)confidence << 2)), unchecked((byte)txPowerDbm), 0, 0];
        return new ExposureMetadata(b);
    }

    /// <summary>Creates metadata from its 4 raw bytes.</summary>
    /// <param name="bytes">Exactly 4 bytes.</param>
    /// <returns>The metadata.</returns>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 4 bytes long.</exception>
    public static ExposureMetadata FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"Metadata is {Length} bytes; got {bytes.Length}.", nameof(bytes));
        }

        return new ExposureMetadata(bytes);
    }

    /// <summary>Parses 8 hex digits.</summary>
    /// <param name="hex">The hex text.</param>
    /// <param name="result">The metadata when successful.</param>
    /// <returns><see langword="true"/> when <paramref name="hex"/> is exactly 8 hex digits.</returns>
    public static bool TryParseHex(ReadOnlySpan<char> hex, out ExposureMetadata result)
    {
        Span<byte> bytes = stackalloc byte[Length];
        if (!Hex.TryDecode(hex, bytes))
        {
            result = default;
            return false;
        }

        result = new ExposureMetadata(bytes);
        return true;
    }

    /// <summary>Gets the version byte (byte 0).</summary>
    public byte VersionByte => _bytes[0];

    /// <summary>Gets the major protocol version (bits 7:6 of byte 0).</summary>
    public int MajorVersion => _bytes[0] >> 6;

    /// <summary>Gets the minor protocol version (bits 5:4 of byte 0).</summary>
    public int MinorVersion => (_bytes[0] >> 4) & 0x3;

    /// <summary>Gets the calibration confidence (bits 3:2 of byte 0); meaningful from version 1.1 on.</summary>
    public CalibrationConfidence CalibrationConfidence => (CalibrationConfidence)((_bytes[0] >> 2) & 0x3);

    /// <summary>Gets the calibrated transmit power in dBm (byte 1, signed).</summary>
    public sbyte TxPowerDbm => unchecked((sbyte)_bytes[1]);

    /// <summary>Copies the 4 bytes to <paramref name="destination"/>.</summary>
    /// <param name="destination">At least 4 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 4 bytes.</exception>
    public void CopyTo(Span<byte> destination) => ((ReadOnlySpan<byte>)_bytes).CopyTo(destination);

    /// <summary>Returns the bytes as a new array.</summary>
    /// <returns>4 bytes.</returns>
    public byte[] ToArray() => ((ReadOnlySpan<byte>)_bytes).ToArray();

    /// <inheritdoc/>
    public bool Equals(ExposureMetadata other) => ((ReadOnlySpan<byte>)_bytes).SequenceEqual(other._bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ExposureMetadata other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => BinaryPrimitives.ReadInt32LittleEndian(_bytes);

    /// <summary>Returns the metadata as 8 lowercase hex digits.</summary>
    /// <returns>The hex text.</returns>
    public override string ToString() => Hex.ToLower(_bytes);

    /// <summary>Compares two values for equality.</summary>
    public static bool operator ==(ExposureMetadata left, ExposureMetadata right) => left.Equals(right);

    /// <summary>Compares two values for inequality.</summary>
    public static bool operator !=(ExposureMetadata left, ExposureMetadata right) => !left.Equals(right);
}
