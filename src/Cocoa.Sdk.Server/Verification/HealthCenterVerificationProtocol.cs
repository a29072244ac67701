namespace Cocoa.Sdk.Verification;

/// <summary>
/// The HTTP contract between a notification server and a health-center system (HER-SYS in COCOA) for checking a
/// processing number: <c>POST /api/verification</c> with header <c>X-Api-Key</c> and body
/// <c>{"processingNumber":"12345678"}</c>; the answer is <c>200 {"result":"OK"}</c> (the number is consumed) or
/// <c>200 {"result":"NG"}</c> for unknown, expired, used and malformed numbers alike; <c>401</c> without a valid key;
/// <c>429</c> when the end client or the number has exceeded the allowed rate of failed attempts; <c>400</c> for a body
/// that is not the JSON object above; <c>415</c> for a body that is not declared <c>application/json</c>.
/// </summary>
/// <remarks>The notification server is the health center's only caller, so it forwards an opaque identifier of its own
/// client (<see cref="ClientIdHeaderName"/>, e.g. a keyed hash of the client's address) and the health center limits
/// failures per end client and per number instead of per caller: a few attackers cannot exhaust one shared budget and
/// lock out every genuine registration. The identifier is only accepted together with a valid API key.</remarks>
public static class HealthCenterVerificationProtocol
{
    /// <summary>Path of the verification endpoint.</summary>
    public const string Path = "/api/verification";

    /// <summary>Name of the header carrying the caller's API key.</summary>
    public const string ApiKeyHeaderName = "X-Api-Key";

    /// <summary>Name of the header carrying the opaque identifier of the end client the caller acts for.</summary>
    public const string ClientIdHeaderName = "X-Client-Id";

    /// <summary>Longest accepted client identifier (printable ASCII); longer or other values are refused with 400.</summary>
    public const int MaxClientIdLength = 128;

    /// <summary>Media type of request and response bodies; requests with another content type are refused with 415.</summary>
    public const string MediaType = "application/json";

    /// <summary>JSON property of the request holding the number.</summary>
    public const string ProcessingNumberProperty = "processingNumber";

    /// <summary>JSON property of the response holding the result.</summary>
    public const string ResultProperty = "result";

    /// <summary>Result value for a genuine number (now consumed).</summary>
    public const string ResultOk = "OK";

    /// <summary>Result value for any number that cannot be used.</summary>
    public const string ResultNg = "NG";

    /// <summary>Largest request body a server needs to accept, in bytes.</summary>
    public const int MaxRequestBodyBytes = 1024;
}
