using System.Net;

namespace Cocoa.Sdk.Verification;

/// <summary>The typed result of <see cref="HealthCenterVerificationClient.VerifyAsync(ProcessingNumber, CancellationToken)"/>.</summary>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly struct HealthCenterVerificationResult : IEquatable<HealthCenterVerificationResult>
{
    /// <summary>Creates a result.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <param name="statusCode">The HTTP status, when a response arrived.</param>
    /// <param name="retryAfter">The server's <c>Retry-After</c>, when given.</param>
    public HealthCenterVerificationResult(HealthCenterVerificationOutcome outcome, HttpStatusCode? statusCode = null, TimeSpan? retryAfter = null)
    {
        Outcome = outcome;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>Gets the outcome.</summary>
    public HealthCenterVerificationOutcome Outcome { get; }

    /// <summary>Gets the HTTP status, or <see langword="null"/> when no response arrived.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Gets how long to wait before retrying, when the server sent <c>Retry-After</c> in seconds (rate limiting).</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Gets whether the number was genuine (and is now consumed).</summary>
    public bool IsOk => Outcome == HealthCenterVerificationOutcome.Ok;

    /// <summary>Gets whether the health center definitely refused the number (as opposed to a transport or configuration failure).</summary>
    public bool IsNg => Outcome == HealthCenterVerificationOutcome.Ng;

    /// <inheritdoc/>
    public bool Equals(HealthCenterVerificationResult other) =>
        Outcome == other.Outcome && StatusCode == other.StatusCode && RetryAfter == other.RetryAfter;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is HealthCenterVerificationResult other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Outcome, StatusCode, RetryAfter);

    /// <inheritdoc/>
    public override string ToString() => StatusCode is null ? Outcome.ToString() : $"{Outcome} ({(int)StatusCode})";

    /// <summary>Compares two results for equality.</summary>
    public static bool operator ==(HealthCenterVerificationResult left, HealthCenterVerificationResult right) => left.Equals(right);

    /// <summary>Compares two results for inequality.</summary>
    public static bool operator !=(HealthCenterVerificationResult left, HealthCenterVerificationResult right) => !left.Equals(right);
}
