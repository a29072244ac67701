using Cocoa.Sdk.Verification;
using Microsoft.Extensions.Options;

namespace Cocoa.Samples.HealthCenter.Api;

/// <summary>
/// Limits failed verifications per end client and per processing number, never through one budget shared by everyone:
/// the notification server is the only caller, so a per-caller limit would let a handful of wrong numbers lock out every
/// genuine registration. The end client is the identifier the authenticated caller forwards in
/// <see cref="HealthCenterVerificationProtocol.ClientIdHeaderName"/>, or the caller's own address when it forwards none.
/// </summary>
/// <remarks>Bucket names are opaque: the forwarded id is already a keyed hash, numbers are kept as their HMAC.</remarks>
public sealed class VerificationRateLimiter(
    IVerificationFailureCounter counter, ProcessingNumberHasher hasher, IOptions<HealthCenterOptions> options, ILogger<VerificationRateLimiter> logger)
{
    private readonly int _clientLimit = options.Value.VerificationFailureLimit;
    private readonly int _numberLimit = options.Value.NumberFailureLimit;
    private readonly TimeSpan _window = options.Value.VerificationFailureWindow;

    /// <summary>The end client of an authenticated request; null when a forwarded id is present but malformed.</summary>
    public static string? ClientOf(HttpContext context)
    {
        string? forwarded = context.Request.Headers[HealthCenterVerificationProtocol.ClientIdHeaderName];
        if (forwarded is not null)
        {
            return HealthCenterVerificationClient.IsValidClientId(forwarded) ? "client:" + forwarded : null;
        }

        return "caller:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }

    /// <summary>How long the end client must wait, or null when it may try.</summary>
    public async ValueTask<TimeSpan?> GetClientRetryAfterAsync(string client, CancellationToken cancellationToken)
    {
        TimeSpan? wait = await counter.GetRetryAfterAsync(client, _clientLimit, _window, cancellationToken);
        if (wait is { } w)
        {
            // Neither the client id nor the number is logged.
            logger.LogInformation("Verification refused for {Seconds} s: the end client's failure budget is spent", (long)w.TotalSeconds);
        }

        return wait;
    }

    /// <summary>How long anyone must wait before trying this number again, or null.</summary>
    public async ValueTask<TimeSpan?> GetNumberRetryAfterAsync(string numberText, CancellationToken cancellationToken)
    {
        TimeSpan? wait = NumberBucket(numberText) is { } bucket ? await counter.GetRetryAfterAsync(bucket, _numberLimit, _window, cancellationToken) : null;
        if (wait is { } w)
        {
            logger.LogInformation("Verification refused for {Seconds} s: the number's failure budget is spent", (long)w.TotalSeconds);
        }

        return wait;
    }

    /// <summary>Records one failed attempt of <paramref name="client"/> (with the number it tried, when it sent one).</summary>
    public async ValueTask RecordFailureAsync(string client, string? numberText, CancellationToken cancellationToken)
    {
        await counter.RecordFailureAsync(client, _clientLimit, _window, cancellationToken);
        if (numberText is not null && NumberBucket(numberText) is { } bucket)
        {
            await counter.RecordFailureAsync(bucket, _numberLimit, _window, cancellationToken);
        }
    }

    // Text that is not a number is NG without a lookup; only the client's budget pays for it.
    private string? NumberBucket(string numberText) =>
        ProcessingNumber.TryParse(numberText, out ProcessingNumber number) ? "number:" + Convert.ToBase64String(hasher.ComputeHash(number)) : null;
}
