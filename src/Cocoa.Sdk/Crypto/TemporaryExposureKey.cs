// Exposure Notification Cryptography Specification v1.2, "Temporary Exposure Key":
// 16 random bytes, valid for RollingPeriod intervals starting at RollingStartIntervalNumber.

using System.Buffers.Binary;
using System.Security.Cryptography;
using Cocoa.Sdk.Internal;

namespace Cocoa.Sdk.Crypto;

/// <summary>
/// A temporary exposure key (TEK): 16 secret bytes plus the interval range in which the key is used.
/// </summary>
/// <remarks>
/// <para>Published diagnosis keys are TEKs of people who tested positive. <see cref="ToString"/> never prints the key bytes;
/// equality of the key bytes is compared in constant time.</para>
/// <para>The default value is an all-zero key starting at interval 0 with a rolling period of 0, which is not valid.</para>
/// </remarks>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly struct TemporaryExposureKey : IEquatable<TemporaryExposureKey>
{
    /// <summary>Length of the key data in bytes.</summary>
    public const int KeyLength = 16;

    /// <summary>The maximum (and default) rolling period: one day of 10-minute intervals.</summary>
    public const int MaxRollingPeriod = EnIntervalNumber.IntervalsPerDay;

    private readonly Buffer16 _key;

    private TemporaryExposureKey(ReadOnlySpan<byte> key, EnIntervalNumber rollingStart, int rollingPeriod)
    {
        key.CopyTo(_key);
        RollingStartIntervalNumber = rollingStart;
        RollingPeriod = rollingPeriod;
    }

    /// <summary>Gets the first interval in which this key is used.</summary>
    public EnIntervalNumber RollingStartIntervalNumber { get; }

    /// <summary>Gets the number of intervals the key is used for (1..144).</summary>
    public int RollingPeriod { get; }

    /// <summary>Gets the first interval after this key's validity.</summary>
    public EnIntervalNumber RollingEndIntervalNumber => RollingStartIntervalNumber.AddIntervals(RollingPeriod);

    /// <summary>Creates a key from its parts.</summary>
    /// <param name="key">Exactly 16 key bytes.</param>
    /// <param name="rollingStartIntervalNumber">First interval of validity.</param>
    /// <param name="rollingPeriod">Number of intervals, 1..144 (default 144).</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not 16 bytes long.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rollingPeriod"/> is outside 1..144.</exception>
    public static TemporaryExposureKey FromBytes(ReadOnlySpan<byte> key, EnIntervalNumber rollingStartIntervalNumber, int rollingPeriod = MaxRollingPeriod)
    {
        if (key.Length != KeyLength)
        {
            throw new ArgumentException($"A temporary exposure key is {KeyLength} bytes; got {key.Length}.", nameof(key));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(rollingPeriod, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rollingPeriod, MaxRollingPeriod);
        return new TemporaryExposureKey(key, rollingStartIntervalNumber, rollingPeriod);
    }

    /// <summary>Generates a fresh key with a CSPRNG for the UTC day containing <paramref name="now"/>.</summary>
    /// <param name="now">The current interval; the key starts at its day start and is valid for 144 intervals.</param>
    /// <returns>A new random key.</returns>
    public static TemporaryExposureKey Generate(EnIntervalNumber now)
    {
        Span<byte> key = stackalloc byte[KeyLength];
        RandomNumberGenerator.Fill(key);
        try
        {
            return new TemporaryExposureKey(key, now.DayStart, MaxRollingPeriod);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Returns a copy of this key with another rolling period (used when a key is released early).</summary>
    /// <param name="rollingPeriod">The new period, 1..144.</param>
    /// <returns>The key with the new period.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rollingPeriod"/> is outside 1..144.</exception>
    public TemporaryExposureKey WithRollingPeriod(int rollingPeriod) => FromBytes(_key, RollingStartIntervalNumber, rollingPeriod);

    /// <summary>Returns whether the key is used in <paramref name="interval"/>.</summary>
    /// <param name="interval">The interval to test.</param>
    /// <returns><see langword="true"/> when start &lt;= interval &lt; start + period.</returns>
    public bool IsValidAt(EnIntervalNumber interval) =>
        interval >= RollingStartIntervalNumber && (long)interval.Value < (long)RollingStartIntervalNumber.Value + RollingPeriod;

    /// <summary>Copies the 16 key bytes to <paramref name="destination"/>.</summary>
    /// <param name="destination">At least 16 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 16 bytes.</exception>
    public void CopyKeyTo(Span<byte> destination) => ((ReadOnlySpan<byte>)_key).CopyTo(destination);

    /// <summary>Returns the 16 key bytes as a new array.</summary>
    /// <returns>The key data.</returns>
    public byte[] ToKeyArray() => ((ReadOnlySpan<byte>)_key).ToArray();

    /// <summary>Returns the key bytes as lowercase hex.</summary>
    /// <returns>32 hex digits.</returns>
    public string ToKeyHex() => Hex.ToLower(_key);

    /// <inheritdoc/>
    public bool Equals(TemporaryExposureKey other) =>
        CryptographicOperations.FixedTimeEquals(_key, other._key)
        && RollingStartIntervalNumber == other.RollingStartIntervalNumber
        && RollingPeriod == other.RollingPeriod;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TemporaryExposureKey other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(BinaryPrimitives.ReadInt32LittleEndian(_key), RollingStartIntervalNumber, RollingPeriod);

    /// <summary>Describes the key's validity without revealing the key bytes.</summary>
    /// <returns>A diagnostic string.</returns>
    public override string ToString() => $"TemporaryExposureKey(start={RollingStartIntervalNumber}, period={RollingPeriod})";

    /// <summary>Compares two keys for equality.</summary>
    public static bool operator ==(TemporaryExposureKey left, TemporaryExposureKey right) => left.Equals(right);

    /// <summary>Compares two keys for inequality.</summary>
    public static bool operator !=(TemporaryExposureKey left, TemporaryExposureKey right) => !left.Equals(right);
}
