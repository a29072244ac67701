// Exposure Notification Cryptography Specification v1.2, "ENIntervalNumber":
// the number of 10-minute windows since the Unix epoch, a 32-bit unsigned integer.

using System.Globalization;

namespace Cocoa.Sdk.Crypto;

/// <summary>
/// An Exposure Notification interval number (ENIntervalNumber): Unix time in seconds divided by 600.
/// </summary>
/// <remarks>
/// <para>A temporary exposure key is valid for <see cref="IntervalsPerDay"/> consecutive intervals, starting at a
/// multiple of 144 (UTC midnight). The default value is interval 0, the Unix epoch.</para>
/// </remarks>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly struct EnIntervalNumber : IEquatable<EnIntervalNumber>, IComparable<EnIntervalNumber>, IFormattable
{
    /// <summary>Length of one interval in seconds (10 minutes).</summary>
    public const int SecondsPerInterval = 600;

    /// <summary>Number of intervals in one UTC day, the TEK rolling period (144).</summary>
    public const int IntervalsPerDay = 144;

    /// <summary>Creates an interval number from its raw value.</summary>
    /// <param name="value">The ENIntervalNumber.</param>
    public EnIntervalNumber(uint value) => Value = value;

    /// <summary>Gets the raw interval number.</summary>
    public uint Value { get; }

    /// <summary>Gets the first interval of the UTC day that contains this interval (a multiple of 144).</summary>
    public EnIntervalNumber DayStart => new(Value - (Value % IntervalsPerDay));

    /// <summary>Gets the instant this interval starts.</summary>
    public DateTimeOffset StartTime => DateTimeOffset.FromUnixTimeSeconds((long)Value * SecondsPerInterval);

    /// <summary>Gets the UTC date of this interval.</summary>
    public DateOnly UtcDate => DateOnly.FromDateTime(StartTime.UtcDateTime);

    /// <summary>Converts Unix seconds to the interval containing them.</summary>
    /// <param name="unixSeconds">Seconds since 1970-01-01T00:00Z; must not be negative.</param>
    /// <returns>The interval number.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="unixSeconds"/> is negative or beyond the 32-bit interval range.</exception>
    public static EnIntervalNumber FromUnixSeconds(long unixSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(unixSeconds);
        long interval = unixSeconds / SecondsPerInterval;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(interval, uint.MaxValue, nameof(unixSeconds));
        return new EnIntervalNumber((uint)interval);
    }

    /// <summary>Converts an instant to the interval containing it.</summary>
    /// <param name="time">The instant; must not be before the Unix epoch.</param>
    /// <returns>The interval number.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="time"/> is before the Unix epoch.</exception>
    public static EnIntervalNumber FromDateTimeOffset(DateTimeOffset time) => FromUnixSeconds(time.ToUnixTimeSeconds());

    /// <summary>Gets the current interval from a time provider.</summary>
    /// <param name="timeProvider">The clock to read.</param>
    /// <returns>The interval containing <see cref="TimeProvider.GetUtcNow"/>.</returns>
    public static EnIntervalNumber Now(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return FromDateTimeOffset(timeProvider.GetUtcNow());
    }

    /// <summary>Gets the first interval of a UTC date.</summary>
    /// <param name="date">The UTC date.</param>
    /// <returns>The interval that starts at midnight UTC of <paramref name="date"/>.</returns>
    public static EnIntervalNumber FromUtcDate(DateOnly date) =>
        FromDateTimeOffset(new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));

    /// <summary>Returns the interval <paramref name="count"/> intervals later (or earlier when negative).</summary>
    /// <param name="count">Number of intervals to add.</param>
    /// <returns>The shifted interval.</returns>
    /// <exception cref="OverflowException">The result is outside the 32-bit range.</exception>
    public EnIntervalNumber AddIntervals(long count) => new(checked((uint)(Value + count)));

    /// <inheritdoc/>
    public bool Equals(EnIntervalNumber other) => Value == other.Value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is EnIntervalNumber other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode();

    /// <inheritdoc/>
    public int CompareTo(EnIntervalNumber other) => Value.CompareTo(other.Value);

    /// <inheritdoc/>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => Value.ToString(format, formatProvider);

    /// <summary>Compares two intervals for equality.</summary>
    public static bool operator ==(EnIntervalNumber left, EnIntervalNumber right) => left.Equals(right);

    /// <summary>Compares two intervals for inequality.</summary>
    public static bool operator !=(EnIntervalNumber left, EnIntervalNumber right) => !left.Equals(right);

    /// <summary>Returns whether <paramref name="left"/> is earlier than <paramref name="right"/>.</summary>
    public static bool operator <(EnIntervalNumber left, EnIntervalNumber right) => left.Value < right.Value;

    /// <summary>Returns whether <paramref name="left"/> is later than <paramref name="right"/>.</summary>
    public static bool operator >(EnIntervalNumber left, EnIntervalNumber right) => left.Value > right.Value;

    /// <summary>Returns whether <paramref name="left"/> is not later than <paramref name="right"/>.</summary>
    public static bool operator <=(EnIntervalNumber left, EnIntervalNumber right) => left.Value <= right.Value;

    /// <summary>Returns whether <paramref name="left"/> is not earlier than <paramref name="right"/>.</summary>
    public static bool operator >=(EnIntervalNumber left, EnIntervalNumber right) => left.Value >= right.Value;
}
