using System.Globalization;
using Cocoa.Sdk.Verification;
using Microsoft.Extensions.Options;

namespace Cocoa.Samples.HealthCenter.Api;

/// <summary>
/// Limits refused operator sign-ins (the <c>/login</c> form and the operator API's bearer token) per client address: the
/// token is long enough that guessing is hopeless, but without a limit every wrong attempt costs a token comparison and
/// an audit row, so a script could flood the audit log at hundreds of rows per second.
/// </summary>
public sealed class SignInThrottle(IVerificationFailureCounter counter, IOptions<HealthCenterOptions> options, ILogger<SignInThrottle> logger)
{
    private readonly int _limit = options.Value.SignInFailureLimit;
    private readonly TimeSpan _window = options.Value.SignInFailureWindow;

    /// <summary>How long the request's address must wait, or null when it may try.</summary>
    public async ValueTask<TimeSpan?> GetRetryAfterAsync(HttpContext context, CancellationToken cancellationToken)
    {
        TimeSpan? wait = await counter.GetRetryAfterAsync(Bucket(context), _limit, _window, cancellationToken);
        if (wait is { } w)
        {
            logger.LogInformation("Operator sign-in refused for {Seconds} s: too many wrong tokens from one address", (long)w.TotalSeconds);
        }

        return wait;
    }

    /// <summary>Records one refused sign-in of the request's address.</summary>
    public ValueTask RecordFailureAsync(HttpContext context, CancellationToken cancellationToken) =>
        counter.RecordFailureAsync(Bucket(context), _limit, _window, cancellationToken);

    /// <summary>Sets <c>Retry-After</c> for a 429 answer.</summary>
    public static void SetRetryAfter(HttpContext context, TimeSpan wait) =>
        context.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static string Bucket(HttpContext context) => "signin:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
