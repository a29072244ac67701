using System.Buffers.Binary;
using System.Security.Cryptography;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Http;
using Cocoa.Sdk.Matching;
using Cocoa.Sdk.Risk;
using Cocoa.Sdk.Storage.Internal;
using Microsoft.Extensions.Logging;

namespace Cocoa.Sdk.Runtime.Internal;

/// <summary>What one run of <see cref="ExposureCheckRunner"/> did.</summary>
internal sealed record CheckRunResult(int Files, long Keys, IReadOnlyList<RejectedExportFile> Rejected, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// One exposure check, as one streaming pipeline per region: list the files after the stored cursor, then for each file
/// in order open its stream, read and verify it with <see cref="ExportFileReader"/> (the trusted keys of the options),
/// skip it if its <c>export.bin</c> digest was processed before, feed its keys to the matcher as they are decoded, turn
/// the matches into exposure windows and commit windows, recomputed daily results, digest and cursor in one transaction.
/// </summary>
/// <remarks>
/// <para>The cursor moves only with a commit, so an interrupted check resumes at the first uncommitted file. A file that
/// cannot be used (malformed, not signed by a trusted key, gone from the server, or any other failure while reading it)
/// is recorded as rejected with the reason and the check goes on with the next file: one bad file never holds back the
/// files after it. Only a network failure (after the download client's retries) stops the region, to be resumed at that
/// file by the next check.</para>
/// <para>The sightings index is built once per check, at the first file that needs it; memory does not grow with the
/// number of keys in a file.</para>
/// </remarks>
internal sealed class ExposureCheckRunner(
    ExposureStore store,
    IExportFileSource source,
    ExportReaderOptions readerOptions,
    ExposureNotificationOptions options,
    TimeProvider time,
    ILogger logger)
{
    private ExposureMatcher? _matcher;
    private long[] _scanTimes = [];
    private bool _prepared;

    public async Task<CheckRunResult> RunAsync(CancellationToken cancellationToken)
    {
        int files = 0;
        long keys = 0;
        var rejected = new List<RejectedExportFile>();
        var errors = new List<string>();
        foreach (string region in options.Regions)
        {
            ExportCursor stored = store.GetCursor(region);
            ExportFileListing listing;
            try
            {
                listing = await source.ListFilesAsync(region, stored, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                errors.Add(Fail(region, $"listing failed: {Describe(ex)}"));
                continue;
            }

            bool stopped = false;
            foreach (ExportFileReference file in listing.Files)
            {
                FileOutcome outcome = await ProcessFileAsync(file, cancellationToken).ConfigureAwait(false);
                switch (outcome.Kind)
                {
                    case FileOutcomeKind.Processed:
                        files++;
                        keys += outcome.Keys;
                        break;
                    case FileOutcomeKind.Rejected:
                        rejected.Add(new RejectedExportFile(region, file.Location, outcome.Reason!));
                        break;
                    default:
                        errors.Add(Fail(region, $"{file.Location} could not be downloaded: {outcome.Reason}; the next check resumes there"));
                        stopped = true;
                        break;
                }

                if (stopped)
                {
                    break;
                }
            }

            if (!stopped && listing.Cursor != store.GetCursor(region))
            {
                store.SaveCursor(region, listing.Cursor, time.GetUtcNow()); // e.g. the list's new ETag
            }
        }

        return new CheckRunResult(files, keys, rejected, errors);
    }

    private async Task<FileOutcome> ProcessFileAsync(ExportFileReference file, CancellationToken cancellationToken)
    {
        byte[] digest;
        List<StoredWindow> windows;
        long keyCount;
        try
        {
            Stream stream = await source.OpenFileAsync(file, cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                ExportFileReader reader = await ExportFileReader.OpenAsync(stream, readerOptions, cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    digest = reader.ExportBinSha256.ToArray();
                    if (store.IsFileProcessed(digest))
                    {
                        windows = []; // the same content listed again: verified, but nothing new to match
                        keyCount = 0;
                    }
                    else
                    {
                        windows = await MatchAsync(reader, cancellationToken).ConfigureAwait(false);
                        keyCount = reader.KeyCount;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (IsTransient(ex))
        {
            Log.FileUnavailable(logger, file.Region, ex.GetType().Name);
            return new FileOutcome(FileOutcomeKind.Transient, 0, Describe(ex));
        }
#pragma warning disable CA1031 // whatever a hostile file does to the reader, it is contained to that file
        catch (Exception ex)
#pragma warning restore CA1031
        {
            string reason = Describe(ex);
            cancellationToken.ThrowIfCancellationRequested();
            store.RejectFile(file.Region, file.Cursor, file.Location, reason, time.GetUtcNow());
            Log.FileRejected(logger, file.Region, reason);
            return new FileOutcome(FileOutcomeKind.Rejected, 0, reason);
        }

        cancellationToken.ThrowIfCancellationRequested();
        store.CommitProcessedFile(file.Region, file.Cursor, digest, windows, Summarize, time.GetUtcNow());
        return new FileOutcome(FileOutcomeKind.Processed, keyCount, null);
    }

    /// <summary>Matches the file's keys as they stream by; returns one stored window per exposure window of a matched key.</summary>
    private async Task<List<StoredWindow>> MatchAsync(ExportFileReader reader, CancellationToken cancellationToken)
    {
        PrepareMatcher();
        if (_matcher is null)
        {
            return []; // nothing heard in the retention period: the file cannot match (it is still read and verified)
        }

        MatchResult result = await _matcher.MatchAsync(reader.ReadKeysAsync(cancellationToken), progress: null, cancellationToken).ConfigureAwait(false);
        var windows = new List<StoredWindow>();
        DiagnosisKeysDataMapping mapping = options.ExposureConfiguration.DiagnosisKeysDataMapping;
        foreach (KeyMatch match in result.Matches)
        {
            byte[] keyDigest = KeyDigest(match.Key);
            foreach (ExposureWindow window in ExposureWindowBuilder.Build([match], _scanTimes, mapping))
            {
                windows.Add(new StoredWindow(keyDigest, window));
            }
        }

        return windows;
    }

    private void PrepareMatcher()
    {
        if (_prepared)
        {
            return;
        }

        _prepared = true;
        DateTimeOffset since = time.GetUtcNow() - options.RetentionPeriod;
        IReadOnlyList<SightingRecord> sightings = store.GetSightings(since);
        if (sightings.Count == 0)
        {
            return;
        }

        _matcher = new ExposureMatcher(
            sightings.Select(s => new Sighting(s.SeenAt, s.Rpi, s.Aem, s.Rssi)),
            new MatchOptions { RssiCorrectionDb = options.Calibration.RssiCorrectionDb });
        _scanTimes = store.GetScans(since).Select(s => s.StartedAt.ToUnixTimeSeconds()).ToArray();
    }

    /// <summary>The daily results of all stored windows: EN v2 daily summaries, then COCOA's rule.</summary>
    private IReadOnlyList<ExposureDayRecord> Summarize(IReadOnlyList<ExposureWindow> windows)
    {
        DateTimeOffset now = time.GetUtcNow();
        IReadOnlyList<DailySummary> summaries = DailySummaryCalculator.Calculate(windows, options.ExposureConfiguration.DailySummariesConfig, now);
        return CocoaRiskCalculator.Evaluate(summaries, windows, options.RiskCalculationConfiguration, now)
            .Select(r => new ExposureDayRecord(r.Date, r.IsHighRisk, r.ScoreSum, r.SecondsSinceLastScanSum, Notified: false))
            .ToList();
    }

    /// <summary>A digest of a diagnosis key (key data and rolling start): the same key from two files gives the same windows once.</summary>
    private static byte[] KeyDigest(DiagnosisKey key)
    {
        Span<byte> input = stackalloc byte[20];
        key.Key.CopyKeyTo(input);
        BinaryPrimitives.WriteUInt32LittleEndian(input[16..], key.Key.RollingStartIntervalNumber.Value);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        return hash[..16].ToArray();
    }

    // A network failure after the download client's retries: the file is fine, the next check tries it again.
    private static bool IsTransient(Exception ex) =>
        ex is ExportDownloadException { IsTransient: true } or HttpRequestException or TimeoutException
        || (ex is IOException && ex is not FileNotFoundException);

    private static string Describe(Exception ex) => ex switch
    {
        ExportFormatException format => $"{format.Error}: {format.Message}",
        ExportDownloadException download => $"{download.Error}: {download.Message}",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };

    private string Fail(string region, string reason)
    {
        Log.CheckRegionFailed(logger, region, reason);
        return $"region {region}: {reason}";
    }

    private enum FileOutcomeKind
    {
        Processed,
        Rejected,
        Transient,
    }

    private readonly record struct FileOutcome(FileOutcomeKind Kind, long Keys, string? Reason);
}
