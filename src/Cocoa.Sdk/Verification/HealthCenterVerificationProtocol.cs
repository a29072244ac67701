namespace Cocoa.Sdk.Verification;

/// <summary>
/// The HTTP contract between a notification server and a health-center system (HER-SYS in COCOA) for checking a
/// processing number: <c>POST /api/verification</c> with header <c>X-Api-Key</c> and body
/// <c>{"processingNumber":"12345678"}</c>; the answer is <c>200 {"result":"OK"}</c> (the number is consumed) or
/// <c>200 {"result":"NG"}</c> for unknown, expired, used and malformed numbers alike; <c>401</c> without a valid key;
/// <c>429</c> when the caller has exceeded the allowed rate of failed attempts; <c>400</c> for a body that is not the
/// JSON object above.
/// </summary>
public static class HealthCenterVerificationProtocol
{
    /// <summary>Path of the verification endpoint.</summary>
    public const string Path = "/api/verification";

    /// <summary>Name of the header carrying the caller's API key.</summary>
    public const string ApiKeyHeaderName = "X-Api-Key";

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
