using Cocoa.Sdk.Export;
using Cocoa.Sdk.Storage.Internal;
using Microsoft.Extensions.Logging;

namespace Cocoa.Sdk.Runtime.Internal;

/// <summary>
/// Exposure checks, one at a time: runs <see cref="ExposureCheckRunner"/>, records the check, and notifies each high-risk
/// day once through the <see cref="IExposureDetectedHandler"/>s. A day is marked notified after its handlers ran, so a
/// crash in between notifies it again at the next check rather than never.
/// </summary>
internal sealed class ExposureChecks(
    ExposureStore store,
    IExportFileSource? source,
    ExposureNotificationOptions options,
    IReadOnlyList<IExposureDetectedHandler> handlers,
    TimeProvider time,
    ILogger logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _withdrawLock = new();
    private readonly ExportReaderOptions? _readerOptions = options.TrustedExportKeys is null && !options.AllowUnverifiedExports
        ? null
        : new ExportReaderOptions
        {
            TrustedKeys = options.TrustedExportKeys,
            RequireValidSignature = !options.AllowUnverifiedExports || options.TrustedExportKeys is not null,
        };

    private CancellationTokenSource _withdrawn = new();

    /// <summary>Runs one check. <paramref name="prepare"/> runs inside the check gate first (consent check, retention purge).</summary>
    public async Task<ExposureCheckResult> RunAsync(Action prepare, CancellationToken cancellationToken)
    {
        if (source is null)
        {
            throw new InvalidOperationException(
                "Exposure checks need an IExportFileSource: register the notification server's ExportDownloadClient or an InMemoryExportFileSource.");
        }

        if (_readerOptions is null)
        {
            throw new InvalidOperationException(
                "Exposure checks need the notification server's public key: set ExposureNotificationOptions.TrustedExportKeys.");
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            prepare();
            CancellationToken withdrawn;
            lock (_withdrawLock)
            {
                withdrawn = _withdrawn.Token;
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, withdrawn);
            var runner = new ExposureCheckRunner(store, source, _readerOptions, options, time, logger);
            CheckRunResult run = await runner.RunAsync(linked.Token).ConfigureAwait(false);
            store.RecordCheck(time.GetUtcNow(), run.Succeeded, run.Files);
            IReadOnlyList<ExposureDay> notified = await NotifyNewDaysAsync(linked.Token).ConfigureAwait(false);
            Log.CheckFinished(logger, run.Succeeded, run.Files, run.Keys, notified.Count);
            return new ExposureCheckResult(run.Succeeded, run.Files, run.Keys, notified, run.Errors, run.Rejected);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Cancels a running check and runs <paramref name="action"/> once no check runs; later checks run normally.</summary>
    public async Task StopAndRunExclusiveAsync(Action action, CancellationToken cancellationToken)
    {
        lock (_withdrawLock)
        {
            _withdrawn.Cancel();
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            action();
        }
        finally
        {
            lock (_withdrawLock)
            {
                _withdrawn.Dispose();
                _withdrawn = new CancellationTokenSource();
            }

            _gate.Release();
        }
    }

    /// <summary>Cancels a running check for good (disposal).</summary>
    public void CancelRunning()
    {
        lock (_withdrawLock)
        {
            _withdrawn.Cancel();
        }
    }

    private async Task<IReadOnlyList<ExposureDay>> NotifyNewDaysAsync(CancellationToken cancellationToken)
    {
        DateOnly oldest = DateOnly.FromDateTime((time.GetUtcNow() - options.RetentionPeriod).UtcDateTime);
        var notified = new List<ExposureDay>();
        foreach (ExposureDayRecord day in store.GetExposureDays())
        {
            if (!day.HighRisk || day.Notified || day.Date < oldest)
            {
                continue;
            }

            var exposure = new ExposureDay(day.Date, day.HighRisk, day.ScoreSum, day.ScanSeconds);
            await NotifyAsync(new ExposureDetectedEventArgs(exposure, options.Guidance), cancellationToken).ConfigureAwait(false);
            if (store.TryMarkNotified(day.Date))
            {
                notified.Add(exposure);
            }
        }

        return notified;
    }

    private async Task NotifyAsync(ExposureDetectedEventArgs exposure, CancellationToken cancellationToken)
    {
        foreach (IExposureDetectedHandler handler in handlers)
        {
            try
            {
                await handler.OnExposureDetectedAsync(exposure, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // an app's handler must not break the check or hide other days
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                Log.HandlerFailed(logger, ex);
            }
        }
    }
}
