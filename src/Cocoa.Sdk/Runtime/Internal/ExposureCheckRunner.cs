using System.Security.Cryptography;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Storage.Internal;
using Microsoft.Extensions.Logging;

namespace Cocoa.Sdk.Runtime.Internal;

/// <summary>
/// One exposure check: per region, list the files after the stored cursor, download each (with retry and exponential
/// backoff), skip files already processed (by SHA-256), verify and read the keys, match and score them against the
/// stored sightings, and commit the day results together with the new cursor in one transaction. A file is either
/// fully processed or not at all; a failure stops that region at the last committed file.
/// </summary>
internal sealed class ExposureCheckRunner(
    ExposureStore store,
    IExportFileSource source,
    IExportFileReader reader,
    IExposureEvaluator evaluator,
    ExposureNotificationOptions options,
    TimeProvider time,
    ILogger logger)
{
    public async Task<(bool Succeeded, int Files, long Keys, List<string> Errors)> RunAsync(CancellationToken cancellationToken)
    {
        int files = 0;
        long keysRead = 0;
        var errors = new List<string>();
        IReadOnlyList<SightingRecord>? sightings = null;
        IExposureEvaluation? evaluation = null;

        foreach (string region in options.Regions)
        {
            string? cursor = store.GetCursor(region);
            IReadOnlyList<ExportFileReference> listed;
            try
            {
                listed = await WithRetryAsync(region, ct => source.ListFilesAsync(region, cursor, ct), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                errors.Add(Fail(region, $"listing failed: {ex.Message}"));
                continue;
            }

            foreach (ExportFileReference file in listed)
            {
                byte[] content;
                try
                {
                    content = await WithRetryAsync(region, ct => DownloadAsync(file, ct), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    errors.Add(Fail(region, $"download of {file.Location} failed: {ex.Message}"));
                    break;
                }

                byte[] hash = SHA256.HashData(content);
                IReadOnlyList<ExposureDayRecord> days = [];
                if (!store.IsFileProcessed(hash))
                {
                    try
                    {
                        using var stream = new MemoryStream(content, writable: false);
                        IVerifiedExport export = await reader.OpenVerifiedAsync(stream, cancellationToken).ConfigureAwait(false);
                        await using (export.ConfigureAwait(false))
                        {
                            if (sightings is null)
                            {
                                DateTimeOffset now = time.GetUtcNow();
                                sightings = store.GetSightings(now - options.RetentionPeriod);
                                if (sightings.Count > 0)
                                {
                                    evaluation = evaluator.Begin(sightings, store.GetScans(now - options.RetentionPeriod), options.Calibration.RssiCorrectionDb, now);
                                }
                            }

                            days = evaluation is null ? [] : await evaluation.EvaluateAsync(export.ReadKeysAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
                            keysRead += export.KeyCount;
                        }
                    }
                    catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is ExportFormatException or InvalidDataException)
                    {
                        errors.Add(Fail(region, $"{file.Location} was rejected: {ex.Message}"));
                        break;
                    }
                }

                cancellationToken.ThrowIfCancellationRequested();
                store.CommitProcessedFile(region, file.Cursor, hash, days, time.GetUtcNow());
                files++;
            }
        }

        return (errors.Count == 0, files, keysRead, errors);
    }

    private async Task<byte[]> DownloadAsync(ExportFileReference file, CancellationToken cancellationToken)
    {
        Stream stream = await source.OpenFileAsync(file, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
    }

    private async Task<T> WithRetryAsync<T>(string region, Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        TimeSpan delay = options.RetryDelay;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await operation(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (attempt < options.DownloadAttempts && !cancellationToken.IsCancellationRequested && IsTransient(ex))
            {
                Log.CheckRetry(logger, attempt, options.DownloadAttempts, region, delay, ex);
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                }

                delay += delay;
            }
        }
    }

    // Network-shaped failures are retried; anything else (a malformed list, a bug) fails the region at once.
    private static bool IsTransient(Exception ex) =>
        ex is IOException or TimeoutException or HttpRequestException or TaskCanceledException
            or Http.ExportDownloadException { Error: Http.ExportDownloadError.ListUnavailable };

    private string Fail(string region, string reason)
    {
        Log.CheckRegionFailed(logger, region, reason);
        return $"region {region}: {reason}";
    }
}
