using System.Diagnostics.CodeAnalysis;
using Cocoa.Sdk.Verification.Internal;

namespace Cocoa.Sdk.Verification;

/// <summary>The body of a verification request: <c>{"processingNumber":"…"}</c>.</summary>
/// <remarks>
/// The text is kept as sent, so that a server can answer a malformed number with <c>NG</c> exactly like an unknown one;
/// use <see cref="TryGetNumber"/> to validate it. <see cref="ToString"/> never reveals it.
/// </remarks>
public sealed class ProcessingNumberVerificationRequest
{
    /// <summary>Creates a request for <paramref name="processingNumberText"/>.</summary>
    /// <param name="processingNumberText">The text to check (normally 8 digits).</param>
    public ProcessingNumberVerificationRequest(string processingNumberText)
    {
        ArgumentNullException.ThrowIfNull(processingNumberText);
        ProcessingNumberText = processingNumberText;
    }

    /// <summary>Creates a request for a valid number.</summary>
    /// <param name="number">The number.</param>
    /// <exception cref="ArgumentException"><paramref name="number"/> is the default value.</exception>
    public ProcessingNumberVerificationRequest(ProcessingNumber number)
        : this(number.Value ?? throw new ArgumentException("The processing number is not set.", nameof(number)))
    {
    }

    /// <summary>Gets the text as sent.</summary>
    public string ProcessingNumberText { get; }

    /// <summary>Returns the number when the text is exactly 8 ASCII digits.</summary>
    /// <param name="number">The number when valid.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public bool TryGetNumber(out ProcessingNumber number) => ProcessingNumber.TryParse(ProcessingNumberText, out number);

    /// <summary>Parses a request body. Rejects anything but one JSON object whose <c>processingNumber</c> is a string
    /// (other properties are ignored; a repeated <c>processingNumber</c>, nesting deeper than 8 levels and bodies over
    /// <see cref="HealthCenterVerificationProtocol.MaxRequestBodyBytes"/> are rejected).</summary>
    /// <param name="utf8Json">The body.</param>
    /// <param name="request">The request when well-formed.</param>
    /// <returns><see langword="true"/> when well-formed.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out ProcessingNumberVerificationRequest? request)
    {
        request = null;
        if (utf8Json.Length > HealthCenterVerificationProtocol.MaxRequestBodyBytes)
        {
            return false;
        }

        if (!SingleStringJson.TryRead(utf8Json, HealthCenterVerificationProtocol.ProcessingNumberProperty, out string? text))
        {
            return false;
        }

        request = new ProcessingNumberVerificationRequest(text);
        return true;
    }

    /// <summary>Serialises the request as UTF-8 JSON.</summary>
    /// <returns>The body.</returns>
    public byte[] ToUtf8Json() =>
        SingleStringJson.Write(HealthCenterVerificationProtocol.ProcessingNumberProperty, ProcessingNumberText);

    /// <summary>Returns a masked description that never reveals the number.</summary>
    /// <returns>A fixed text.</returns>
    public override string ToString() => "ProcessingNumberVerificationRequest { ProcessingNumber = ******** }";
}
