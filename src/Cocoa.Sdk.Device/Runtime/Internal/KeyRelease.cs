using Cocoa.Sdk.Crypto;
using Microsoft.Extensions.Logging;

namespace Cocoa.Sdk.Runtime.Internal;

/// <summary>
/// Releases this device's keys for a positive registration: the key in use is cut at the current interval and replaced,
/// the new key is broadcast at once, and the keys of the retention period are returned.
/// </summary>
internal sealed class KeyRelease(KeySchedule keys, RadioScheduler radio, ConsentAndErasure consent, ExposureNotificationOptions options, TimeProvider time, ILogger logger)
{
    public Task<IReadOnlyList<TemporaryExposureKey>> ReleaseAsync(CancellationToken cancellationToken) =>
        radio.WithGateAsync(
            async () =>
            {
                consent.RequireConsent();
                radio.PurgeExpired();
                IReadOnlyList<TemporaryExposureKey> released = keys.ReleaseHistory(time.GetUtcNow(), (int)Math.Round(options.RetentionPeriod.TotalDays));
                await radio.RotateNowIfStartedAsync().ConfigureAwait(false); // the released key must not be broadcast any more
                Log.KeysReleased(logger, released.Count);
                return released;
            },
            cancellationToken);
}
