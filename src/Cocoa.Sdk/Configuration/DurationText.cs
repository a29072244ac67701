using System.Globalization;

namespace Cocoa.Sdk.Configuration;

/// <summary>
/// Durations as people type them in options and configuration files: <c>90s</c>, <c>60m</c>, <c>2h</c>, <c>1d</c>,
/// <c>250ms</c>, or .NET's <c>[d.]hh:mm:ss[.fff]</c> (<c>01:00:00</c>). One parser for every server option that takes a
/// duration, so the health center and the notification server accept the same text.
/// </summary>
public static class DurationText
{
    /// <summary>What is accepted, for error messages: "a duration such as 90s, 60m, 2h or 01:00:00".</summary>
    public const string Expected = "a duration such as 90s, 60m, 2h or 01:00:00";

    private static readonly (string Suffix, double Seconds)[] s_units = [("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)];

    /// <summary>Parses <paramref name="text"/>; negative durations are refused.</summary>
    /// <param name="text">The text, e.g. <c>2h</c> or <c>01:00:00</c>; surrounding white space is ignored.</param>
    /// <param name="value">The duration when successful.</param>
    /// <returns><see langword="true"/> when the text is a non-negative duration in one of the accepted forms.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out TimeSpan value)
    {
        value = default;
        text = text.Trim();
        foreach ((string suffix, double seconds) in s_units)
        {
            // "ms" is tried before "s" and "m", so "250ms" is never read as 250m + "s".
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                ReadOnlySpan<char> number = text[..^suffix.Length];
                if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double amount)
                    && amount * seconds < TimeSpan.MaxValue.TotalSeconds)
                {
                    value = TimeSpan.FromSeconds(amount * seconds);
                    return true;
                }

                return false;
            }
        }

        // A bare number ("5") has no unit: .NET would read it as days, which nobody means.
        return text.Contains(':') && TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
    }
}
