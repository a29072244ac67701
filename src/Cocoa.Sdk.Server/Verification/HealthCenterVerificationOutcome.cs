namespace Cocoa.Sdk.Verification;

/// <summary>What a health-center system answered about a processing number.</summary>
public enum HealthCenterVerificationOutcome
{
    /// <summary>The number was genuine and is now consumed (<c>200 {"result":"OK"}</c>).</summary>
    Ok = 0,

    /// <summary>The number is unknown, expired, already used or malformed (<c>200 {"result":"NG"}</c>).</summary>
    Ng = 1,

    /// <summary>The API key was refused (<c>401</c> or <c>403</c>): a configuration error on the caller's side.</summary>
    Unauthorized = 2,

    /// <summary>Too many failed attempts from this caller (<c>429</c>); see <see cref="HealthCenterVerificationResult.RetryAfter"/>.</summary>
    RateLimited = 3,

    /// <summary>No answer: connection refused, timeout, or a <c>5xx</c> status.</summary>
    Unreachable = 4,

    /// <summary>An answer that does not follow the protocol (other status, or a body that is not <c>OK</c>/<c>NG</c>).</summary>
    InvalidResponse = 5,
}
