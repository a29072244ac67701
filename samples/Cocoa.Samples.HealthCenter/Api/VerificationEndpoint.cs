using System.Globalization;
using Cocoa.Samples.HealthCenter.Numbers;
using Cocoa.Sdk.Verification;
using Microsoft.Extensions.Options;

namespace Cocoa.Samples.HealthCenter.Api;

/// <summary><c>POST /api/verification</c> for the notification server (see <see cref="HealthCenterVerificationProtocol"/>).</summary>
public static class VerificationEndpoint
{
    /// <summary>Actor recorded in the audit log when a number is consumed.</summary>
    public const string Actor = "verification-api";

    /// <summary>Maps the endpoint.</summary>
    public static void Map(WebApplication app) =>
        app.MapPost(HealthCenterVerificationProtocol.Path, async (
            HttpContext context, ProcessingNumberService numbers, VerificationRateLimiter limiter,
            IOptions<HealthCenterOptions> options, CancellationToken ct) =>
        {
            string? key = context.Request.Headers[HealthCenterVerificationProtocol.ApiKeyHeaderName];
            if (!RequestGuards.SecretEquals(key, options.Value.VerificationKey))
            {
                return Results.Problem(statusCode: 401, title: "A valid X-Api-Key is required.");
            }

            if (!RequestGuards.HasJsonBody(context.Request))
            {
                return Results.Problem(statusCode: 415, title: "The body must be application/json.");
            }

            // Accepted only here, after the key check: an unauthenticated request cannot choose its bucket.
            if (VerificationRateLimiter.ClientOf(context) is not { } client)
            {
                return Results.Problem(statusCode: 400, title: $"{HealthCenterVerificationProtocol.ClientIdHeaderName} must be 1 to {HealthCenterVerificationProtocol.MaxClientIdLength} printable ASCII characters.");
            }

            if (await limiter.GetClientRetryAfterAsync(client, ct) is TimeSpan wait)
            {
                return TooMany(context, wait, "Too many failed verifications from this client.");
            }

            byte[]? body = await RequestGuards.ReadBodyAsync(context.Request, HealthCenterVerificationProtocol.MaxRequestBodyBytes, ct);
            if (body is null || !ProcessingNumberVerificationRequest.TryParse(body, out ProcessingNumberVerificationRequest? request))
            {
                await limiter.RecordFailureAsync(client, null, ct);
                return Results.Problem(statusCode: 400, title: "The body must be {\"processingNumber\":\"<8 digits>\"}.");
            }

            if (await limiter.GetNumberRetryAfterAsync(request.ProcessingNumberText, ct) is TimeSpan numberWait)
            {
                return TooMany(context, numberWait, "Too many failed verifications of this number.");
            }

            bool ok = await numbers.VerifyAsync(request.ProcessingNumberText, Actor, ct);
            if (!ok)
            {
                await limiter.RecordFailureAsync(client, request.ProcessingNumberText, ct);
            }

            context.Response.Headers.CacheControl = "no-store";
            return Results.Bytes((ok ? ProcessingNumberVerificationResponse.Ok : ProcessingNumberVerificationResponse.Ng).ToUtf8Json(), "application/json");
        });

    private static IResult TooMany(HttpContext context, TimeSpan wait, string title)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Results.Problem(statusCode: 429, title: title);
    }
}
