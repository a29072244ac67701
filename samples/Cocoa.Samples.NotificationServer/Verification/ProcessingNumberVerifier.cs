using Cocoa.Sdk.Verification;

namespace Cocoa.Samples.NotificationServer.Verification;

/// <summary>What the health center said about a processing number, as the diagnosis API needs it.</summary>
internal enum VerificationOutcome
{
    /// <summary>Genuine and unused: the keys may be stored.</summary>
    Valid,

    /// <summary>Wrong, expired or already used (406).</summary>
    Invalid,

    /// <summary>The health center could not answer (503; nothing stored).</summary>
    Unavailable,

    /// <summary>The health center refuses this client or number for a while (429; nothing stored).</summary>
    RateLimited,
}

/// <summary>Asks the health center whether a processing number is genuine.</summary>
internal interface IProcessingNumberVerifier
{
    /// <param name="processingNumber">The number the client sent.</param>
    /// <param name="clientId">The client's opaque id, forwarded so the health center limits failures per end client.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<VerificationOutcome> VerifyAsync(ProcessingNumber processingNumber, string clientId, CancellationToken cancellationToken);
}

/// <summary>The health center's verification API through the library's <see cref="HealthCenterVerificationClient"/>.</summary>
internal sealed class HealthCenterVerifier(HttpClient http, NotificationServerOptions options, ILogger<HealthCenterVerifier> logger) : IProcessingNumberVerifier
{
    private readonly HealthCenterVerificationClient _client = new(
        http,
        new HealthCenterVerificationClientOptions { BaseAddress = options.HealthCenterUrl, ApiKey = options.VerificationKey, Timeout = options.HealthCenterTimeout });

    public async Task<VerificationOutcome> VerifyAsync(ProcessingNumber processingNumber, string clientId, CancellationToken cancellationToken)
    {
        HealthCenterVerificationResult result = await _client.VerifyAsync(processingNumber, clientId, cancellationToken);
        switch (result.Outcome)
        {
            case HealthCenterVerificationOutcome.Ok:
                return VerificationOutcome.Valid;
            case HealthCenterVerificationOutcome.Ng:
                return VerificationOutcome.Invalid;
            case HealthCenterVerificationOutcome.RateLimited:
                return VerificationOutcome.RateLimited;
            default:
                // Never log the number; the outcome tells operators enough (Unauthorized = wrong --verification-key).
                logger.LogWarning("Health center verification failed: {Outcome}", result.ToString());
                return VerificationOutcome.Unavailable;
        }
    }
}
