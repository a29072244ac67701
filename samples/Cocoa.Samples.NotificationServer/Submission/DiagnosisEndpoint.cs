using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Cocoa.Samples.NotificationServer.Storage;
using Cocoa.Samples.NotificationServer.Verification;
using Cocoa.Sdk.Protocol;
using Cocoa.Sdk.Verification;

namespace Cocoa.Samples.NotificationServer.Submission;

/// <summary>
/// <c>PUT /api/v3/diagnosis</c>: shape (400) → chaff (200, nothing stored or verified) → failed-verification limit (429)
/// → health-center verification (406 / 503) → per-key validation → idempotent store → 200.
/// </summary>
internal sealed class DiagnosisEndpoint(
    NotificationServerOptions options,
    IKeyStore store,
    IProcessingNumberVerifier verifier,
    SubmissionValidator validator,
    FailedVerificationLimiter limiter,
    ChaffTimer chaffTimer,
    TimeProvider timeProvider,
    ILogger<DiagnosisEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        long started = Stopwatch.GetTimestamp();
        CancellationToken cancellationToken = context.RequestAborted;
        (byte[]? body, int failureStatus) = await ReadBodyAsync(context.Request, options.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            if (failureStatus == StatusCodes.Status400BadRequest)
            {
                await WriteErrorAsync(context, failureStatus, $"The body exceeds {options.MaxBodyBytes} bytes.");
            }
            else
            {
                // Kestrel refused the body (413 too large, 408 too slow): one line, no stack trace, the status kept.
                logger.LogInformation("Refused a diagnosis body: {Status}", failureStatus);
                await TryWriteErrorAsync(context, failureStatus, failureStatus == StatusCodes.Status413PayloadTooLarge ? "The body is too large." : "The body was not received in time.");
            }

            return;
        }

        DiagnosisSubmissionBody submission;
        try
        {
            submission = DiagnosisSubmissionBody.Parse(body);
        }
        catch (ProtocolFormatException ex)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, ex.Message);
            return;
        }

        if (validator.ValidateRequest(submission) is { } error)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, error);
            return;
        }

        if (context.Request.Headers.ContainsKey(DiagnosisSubmissionBody.ChaffHeaderName))
        {
            TimeSpan remaining = chaffTimer.NextDelay() - Stopwatch.GetElapsedTime(started);
            if (remaining > TimeSpan.Zero)
            {
                await Task.Delay(remaining, cancellationToken);
            }

            await WriteAcceptedAsync(context);
            return;
        }

        string clientId = limiter.ClientId(context.Connection.RemoteIpAddress);
        if (await limiter.IsBlockedAsync(clientId, cancellationToken))
        {
            logger.LogInformation("Refused a submission: the client's failure budget is spent");
            await WriteErrorAsync(context, StatusCodes.Status429TooManyRequests, "Too many failed verifications; try again later.");
            return;
        }

        // The keys are checked before the number goes to the health center: a submission with no acceptable key answers
        // 400 and leaves the number usable.
        DateTimeOffset now = timeProvider.GetUtcNow();
        (List<StoredKey> keys, int dropped) = validator.ValidateKeys(submission, now);
        if (keys.Count == 0)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "No valid keys.");
            return;
        }

        // idempotency_key is optional (as in COCOA): without it every request is a new submission.
        byte[]? idempotencyHash = submission.IdempotencyKey is { } idempotencyKey
            ? SHA256.HashData(Encoding.UTF8.GetBytes("cocoa-idempotency:" + idempotencyKey))
            : null;
        VerificationOutcome outcome = ProcessingNumber.TryParse(submission.VerificationPayload, out ProcessingNumber number)
            ? await verifier.VerifyAsync(number, clientId, cancellationToken)
            : VerificationOutcome.Invalid;
        switch (outcome)
        {
            case VerificationOutcome.Unavailable:
                await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "The health center cannot be reached; nothing was stored.");
                return;
            case VerificationOutcome.RateLimited:
                logger.LogInformation("Refused a submission: the health center limits this client or number");
                await WriteErrorAsync(context, StatusCodes.Status429TooManyRequests, "Too many failed verifications; try again later.");
                return;
            case VerificationOutcome.Invalid:
                // Every refused number counts, also under a known idempotency key: otherwise one accepted submission
                // would let its key carry unlimited guesses to the health center.
                await limiter.RecordFailureAsync(clientId, cancellationToken);

                // A retry of a request that was stored but whose answer was lost (the number is used up by then).
                if (idempotencyHash is not null && await store.IsSubmissionKnownAsync(idempotencyHash, cancellationToken))
                {
                    await WriteAcceptedAsync(context);
                    return;
                }

                await WriteErrorAsync(context, StatusCodes.Status406NotAcceptable, "Bad VerificationPayload");
                return;
        }

        int stored = await store.StoreSubmissionAsync(idempotencyHash ?? RandomNumberGenerator.GetBytes(32), keys, now.ToUnixTimeSeconds(), cancellationToken);
        logger.LogInformation("Stored a submission: {Stored} key rows, {Dropped} keys dropped by validation", stored, dropped);
        chaffTimer.RecordReal(Stopwatch.GetElapsedTime(started));
        await WriteAcceptedAsync(context);
    }

    /// <summary>The body, or null with the status to answer: 400 over our limit, Kestrel's own 413/408 when it refused it.</summary>
    private static async Task<(byte[]? Body, int FailureStatus)> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return (null, StatusCodes.Status400BadRequest);
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
        try
        {
            int total = 0;
            int read;
            while (total <= limit && (read = await request.Body.ReadAsync(buffer.AsMemory(total, limit + 1 - total), cancellationToken)) > 0)
            {
                total += read;
            }

            return total > limit ? (null, StatusCodes.Status400BadRequest) : (buffer.AsSpan(0, total).ToArray(), 0);
        }
        catch (BadHttpRequestException ex)
        {
            return (null, ex.StatusCode);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task TryWriteErrorAsync(HttpContext context, int status, string message)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        try
        {
            await WriteErrorAsync(context, status, message);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
        {
            // The connection is being closed by Kestrel; the client already has its status or is gone.
        }
    }

    // The same random-size padded body for real and chaff successes, so size reveals nothing.
    private static Task WriteAcceptedAsync(HttpContext context)
    {
        byte[] padding = RandomNumberGenerator.GetBytes(RandomNumberGenerator.GetInt32(1024, 2048));
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsJsonAsync(new AcceptedBody(Convert.ToBase64String(padding)), context.RequestAborted);
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsJsonAsync(new ErrorBody(message), context.RequestAborted);
    }

    private sealed record AcceptedBody(string Padding);

    private sealed record ErrorBody(string Error);
}
