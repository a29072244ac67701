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
/// One exposure check, as one streaming pipeline per region: list the files after the stored cursor, then read, verify and
/// match them with <see cref="ExposureMatcher.MatchExportFilesAsync"/> (the trusted keys of the options; the same pipeline
/// as <c>cocoa match</c>: files inflated, hashed and decoded while earlier keys are matched, on all cores), and, file by
/// file in listing order, skip a file whose <c>export.bin</c> digest was processed before, turn the matches into exposure
/// windows and commit windows, recomputed daily results, digest and cursor in one transaction.
/// </summary>
/// <remarks>
/// <para>The cursor moves only with a commit, so an interrupted check resumes at the first uncommitted file. A file that
/// cannot be used (malformed, not signed by a trusted key, gone from the server, or any other failure while reading it)
/// is recorded as rejected with the reason and the check goes on with the next file: one bad file never holds back the
/// files after it, and nothing matched from it is kept. Only a network failure (after the download client's retries)
/// stops the region, to be resumed at that file by the next check; files already read past it are not committed.</para>
/// <para>The sightings index is built once per check, at the first region with files; memory does not grow with the
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
    private static readonly ExposureMatcher NoSightings = new([]);
    private ExposureMatcher? _matcher;
    private long[] _scanTimes = [];

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
            ExposureMatcher matcher = listing.Files.Count == 0 ? NoSightings : EnsureMatcher();
            Func<CancellationToken, Task<Stream>>[] opens = [.. listing.Files.Select(f => (Func<CancellationToken, Task<Stream>>)(ct => source.OpenFileAsync(f, ct)))];

            // The files are read, verified and matched a few at a time on all cores; their outcomes arrive in listing order
            // and are committed (or recorded as rejected) one by one, so the cursor still moves file by file.
            await foreach (ExportFileMatchResult result in matcher.MatchExportFilesAsync(opens, readerOptions, progress: null, cancellationToken).ConfigureAwait(false))
            {
                ExportFileReference file = listing.Files[result.FileIndex];
                FileOutcome outcome = Conclude(file, result, cancellationToken);
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
                    break; // ends the pipeline: the files after this one are not committed
                }
            }

            if (!stopped && listing.Cursor != store.GetCursor(region))
            {
                store.SaveCursor(region, listing.Cursor, time.GetUtcNow()); // e.g. the list's new ETag
            }
        }

        return new CheckRunResult(files, keys, rejected, errors);
    }

    /// <summary>Commits a matched file, or records it as rejected, or reports a network failure (the file is fine).</summary>
    private FileOutcome Conclude(ExportFileReference file, ExportFileMatchResult result, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (result.Error is { } ex)
        {
            if (IsTransient(ex))
            {
                Log.FileUnavailable(logger, file.Region, ex.GetType().Name);
                return new FileOutcome(FileOutcomeKind.Transient, 0, Describe(ex));
            }

            // Whatever a hostile file did to the reader, it is contained to that file.
            string reason = Describe(ex);
            store.RejectFile(file.Region, file.Cursor, file.Location, reason, time.GetUtcNow());
            Log.FileRejected(logger, file.Region, reason);
            return new FileOutcome(FileOutcomeKind.Rejected, 0, reason);
        }

        byte[] digest = result.ExportBinSha256.ToArray();
        MatchResult matches = result.Result!;
        List<StoredWindow> windows;
        long keyCount;
        if (store.IsFileProcessed(digest))
        {
            windows = []; // the same content listed again: verified, but nothing new to store
            keyCount = 0;
        }
        else
        {
            windows = ToWindows(matches);
            keyCount = matches.KeysProcessed;
        }

        store.CommitProcessedFile(file.Region, file.Cursor, digest, windows, Summarize, time.GetUtcNow());
        return new FileOutcome(FileOutcomeKind.Processed, keyCount, null);
    }

    /// <summary>One stored window per exposure window of a matched key.</summary>
    private List<StoredWindow> ToWindows(MatchResult result)
    {
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

    /// <summary>
    /// The matcher over the sightings of the retention period, built once per check (with no sightings it matches nothing,
    /// but the files are still read and verified).
    /// </summary>
    private ExposureMatcher EnsureMatcher()
    {
        if (_matcher is not null)
        {
            return _matcher;
        }

        DateTimeOffset since = time.GetUtcNow() - options.RetentionPeriod;
        IReadOnlyList<SightingRecord> sightings = store.GetSightings(since);
        _matcher = new ExposureMatcher(
            sightings.Select(s => new Sighting(s.SeenAt, s.Rpi, s.Aem, s.Rssi)),
            new MatchOptions { RssiCorrectionDb = options.Calibration.RssiCorrectionDb });
        _scanTimes = sightings.Count == 0 ? [] : store.GetScans(since).Select(s => s.StartedAt.ToUnixTimeSeconds()).ToArray();
        return _matcher;
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
