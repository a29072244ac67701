using System.Diagnostics.CodeAnalysis;
using Cocoa.Sdk.Verification.Internal;

namespace Cocoa.Sdk.Verification;

/// <summary>The body of a verification answer: <c>{"result":"OK"}</c> or <c>{"result":"NG"}</c>.</summary>
public sealed class ProcessingNumberVerificationResponse
{
    /// <summary>The answer for a genuine number (now consumed).</summary>
    public static readonly ProcessingNumberVerificationResponse Ok = new(true);

    /// <summary>The answer for any number that cannot be used.</summary>
    public static readonly ProcessingNumberVerificationResponse Ng = new(false);

    private ProcessingNumberVerificationResponse(bool isOk) => IsOk = isOk;

    /// <summary>Gets whether the number was genuine and has been consumed.</summary>
    public bool IsOk { get; }

    /// <summary>Gets the wire value: <c>OK</c> or <c>NG</c>.</summary>
    public string Result => IsOk ? HealthCenterVerificationProtocol.ResultOk : HealthCenterVerificationProtocol.ResultNg;

    /// <summary>Parses an answer; only an object whose <c>result</c> is exactly <c>"OK"</c> or <c>"NG"</c> is accepted.</summary>
    /// <param name="utf8Json">The body.</param>
    /// <param name="response">The answer when well-formed.</param>
    /// <returns><see langword="true"/> when well-formed.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out ProcessingNumberVerificationResponse? response)
    {
        response = null;
        if (!SingleStringJson.TryRead(utf8Json, HealthCenterVerificationProtocol.ResultProperty, out string? result))
        {
            return false;
        }

        response = result switch
        {
            HealthCenterVerificationProtocol.ResultOk => Ok,
            HealthCenterVerificationProtocol.ResultNg => Ng,
            _ => null,
        };
        return response is not null;
    }

    /// <summary>Serialises the answer as UTF-8 JSON.</summary>
    /// <returns>The body.</returns>
    public byte[] ToUtf8Json() =>
        SingleStringJson.Write(HealthCenterVerificationProtocol.ResultProperty, Result);
}
