using Cocoa.Sdk.Storage.Internal;
using Microsoft.Extensions.Logging;

namespace Cocoa.Sdk.Runtime.Internal;

/// <summary>
/// Consent and its withdrawal. Granting creates the store and starts nothing. Withdrawing stops the radio, cancels a
/// running check and, once neither runs, erases every record (keys, sightings, scans, windows, results, cursors,
/// rejected files, the consent itself) in one transaction and rewrites the file.
/// </summary>
internal sealed class ConsentAndErasure(ExposureStore store, RadioScheduler radio, ExposureChecks checks, TimeProvider time, ILogger logger)
{
    public bool HasConsent => store.GetConsent() is not null;

    public void RequireConsent()
    {
        if (!HasConsent)
        {
            throw new ConsentRequiredException();
        }
    }

    public Task GrantAsync(CancellationToken cancellationToken) =>
        radio.WithGateAsync(
            () =>
            {
                store.GrantConsent(time.GetUtcNow());
                Log.ConsentGranted(logger);
                return Task.FromResult(true);
            },
            cancellationToken);

    public Task WithdrawAsync(CancellationToken cancellationToken) =>
        radio.WithGateAsync(
            async () =>
            {
                await radio.StopCoreAsync().ConfigureAwait(false);
                await checks.StopAndRunExclusiveAsync(store.EraseEverything, cancellationToken).ConfigureAwait(false);
                Log.ConsentWithdrawn(logger);
                return true;
            },
            cancellationToken);
}
