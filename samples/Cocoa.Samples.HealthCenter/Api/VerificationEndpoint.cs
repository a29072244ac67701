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

            string caller = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (limiter.RetryAfter(caller) is TimeSpan wait)
            {
                context.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return Results.Problem(statusCode: 429, title: "Too many failed verifications.");
            }

            byte[]? body = await RequestGuards.ReadBodyAsync(context.Request, HealthCenterVerificationProtocol.MaxRequestBodyBytes, ct);
            if (body is null || !ProcessingNumberVerificationRequest.TryParse(body, out ProcessingNumberVerificationRequest? request))
            {
                limiter.RecordFailure(caller);
                return Results.Problem(statusCode: 400, title: "The body must be {\"processingNumber\":\"<8 digits>\"}.");
            }

            bool ok = await numbers.VerifyAsync(request.ProcessingNumberText, Actor, ct);
            if (!ok)
            {
                limiter.RecordFailure(caller);
            }

            context.Response.Headers.CacheControl = "no-store";
            return Results.Bytes((ok ? ProcessingNumberVerificationResponse.Ok : ProcessingNumberVerificationResponse.Ng).ToUtf8Json(), "application/json");
        });
}
