namespace Cocoa.Sdk.Http;

/// <summary>The outcome of a diagnosis-key submission, in the terms an app shows to its user.</summary>
public enum DiagnosisSubmissionStatus
{
    /// <summary>The server stored the keys (HTTP 200 or 204).</summary>
    Accepted = 0,

    /// <summary>The processing number is wrong, expired or already used (HTTP 406); retrying does not help.</summary>
    InvalidProcessingNumber = 1,

    /// <summary>The text is not 8 ASCII digits or a registration deep link; nothing was sent.</summary>
    InvalidProcessingNumberFormat = 2,

    /// <summary>The server or the health center could not be reached (HTTP 5xx, timeouts, network errors) after all retries.</summary>
    ServerUnavailable = 3,

    /// <summary>The server rejected the request data (HTTP 400, 413 or 415).</summary>
    RejectedInput = 4,

    /// <summary>Too many failed attempts from this device (HTTP 429); try again later.</summary>
    RateLimited = 5,

    /// <summary>Any other HTTP status (e.g. 403, access from outside the service area).</summary>
    UnexpectedResponse = 6,
}
