// COCOA's processing number (処理番号): exactly 8 ASCII digits, issued by the health-center system (HER-SYS),
// valid for a limited time and usable once. Deep links have the form https://<host>/cocoa/a/?pn=<number>.

using System.Security.Cryptography;

namespace Cocoa.Sdk.Verification;

/// <summary>An 8-digit processing number (処理番号) that authorises one positive registration.</summary>
/// <remarks>
/// <para>The number is a one-time secret: <see cref="ToString"/> masks it; use <see cref="Value"/> only to send it.
/// The default value is not a valid number (<see cref="Value"/> is <see langword="null"/>).</para>
/// </remarks>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly struct ProcessingNumber : IEquatable<ProcessingNumber>
{
    /// <summary>Number of digits.</summary>
    public const int Length = 8;

    /// <summary>The path of COCOA's registration deep link.</summary>
    public const string DeepLinkPath = "/cocoa/a/";

    private ProcessingNumber(string value) => Value = value;

    /// <summary>Gets the 8 digits.</summary>
    public string Value { get; }

    /// <summary>Returns whether <paramref name="text"/> is exactly 8 ASCII digits (no spaces, no full-width digits).</summary>
    /// <param name="text">Candidate text.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValidFormat(ReadOnlySpan<char> text)
    {
        if (text.Length != Length)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses exactly 8 ASCII digits.</summary>
    /// <param name="text">Candidate text.</param>
    /// <param name="result">The number when valid.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is exactly 8 ASCII digits.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out ProcessingNumber result)
    {
        result = IsValidFormat(text) ? new ProcessingNumber(text.ToString()) : default;
        return result.Value is not null;
    }

    /// <summary>Parses either 8 digits or a deep link <c>https://&lt;host&gt;/cocoa/a/?pn=&lt;number&gt;</c>.</summary>
    /// <param name="text">The entered text or the opened link.</param>
    /// <param name="result">The number when valid.</param>
    /// <returns><see langword="true"/> when a valid number was found.</returns>
    public static bool TryParseInput(string? text, out ProcessingNumber result)
    {
        result = default;
        if (text is null)
        {
            return false;
        }

        string trimmed = text.Trim();
        if (TryParse(trimmed, out result))
        {
            return true;
        }

        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out Uri? uri) || uri.Scheme != Uri.UriSchemeHttps
            || !string.Equals(uri.AbsolutePath, DeepLinkPath, StringComparison.Ordinal))
        {
            return false;
        }

        string? pn = null;
        foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && pair.AsSpan(0, eq).SequenceEqual("pn"))
            {
                if (pn is not null)
                {
                    return false;
                }

                pn = Uri.UnescapeDataString(pair[(eq + 1)..]);
            }
        }

        return pn is not null && TryParse(pn, out result);
    }

    /// <summary>Generates a uniformly random number with a CSPRNG (leading zeros allowed).</summary>
    /// <returns>A new processing number.</returns>
    public static ProcessingNumber Generate() =>
        new(RandomNumberGenerator.GetInt32(0, 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Builds the registration deep link for this number.</summary>
    /// <param name="host">The configured host name (no scheme).</param>
    /// <returns><c>https://&lt;host&gt;/cocoa/a/?pn=&lt;number&gt;</c>.</returns>
    /// <exception cref="InvalidOperationException">This is the default (invalid) value.</exception>
    public Uri ToDeepLink(string host)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        return new Uri($"https://{host}{DeepLinkPath}?pn={Value ?? throw new InvalidOperationException("The processing number is not set.")}");
    }

    /// <inheritdoc/>
    public bool Equals(ProcessingNumber other) =>
        Value is not null && other.Value is not null
            ? CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(Value), System.Text.Encoding.ASCII.GetBytes(other.Value))
            : Value is null && other.Value is null;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ProcessingNumber other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Value is null ? 0 : StringComparer.Ordinal.GetHashCode(Value);

    /// <summary>Returns a masked form that never reveals the number.</summary>
    /// <returns><c>********</c>.</returns>
    public override string ToString() => "********";

    /// <summary>Compares two numbers for equality.</summary>
    public static bool operator ==(ProcessingNumber left, ProcessingNumber right) => left.Equals(right);

    /// <summary>Compares two numbers for inequality.</summary>
    public static bool operator !=(ProcessingNumber left, ProcessingNumber right) => !left.Equals(right);
}
