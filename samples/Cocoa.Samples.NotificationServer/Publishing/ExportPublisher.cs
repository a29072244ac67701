using System.Security.Cryptography;
using Cocoa.Samples.NotificationServer.Storage;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;

namespace Cocoa.Samples.NotificationServer.Publishing;

/// <summary>What one publishing run did.</summary>
internal sealed record PublishSummary(int Batches, int Files, int Keys, int RegionsSkipped, int KeysDeleted, int FilesDeleted);

/// <summary>The keys and metadata of one export file to write and sign.</summary>
internal sealed record ExportFileSpec(string Region, long StartTimestamp, long EndTimestamp, IReadOnlyList<DiagnosisKey> Keys);

/// <summary>Writes one signed export zip (export.bin + export.sig) with the library's export writer.</summary>
internal interface IExportFileFactory
{
    byte[] Write(ExportFileSpec spec);
}

/// <summary>
/// Publishes embargo-expired keys per region and time window: claims them atomically, pads, orders, splits and signs the
/// files, and stores them in the same transaction, so a crash leaves nothing half-listed and every key is published exactly
/// once. A database lease per region keeps other instances from publishing the same windows at the same time.
/// </summary>
internal sealed class ExportPublisher(
    NotificationServerOptions options,
    IKeyStore store,
    IExportFileFactory fileFactory,
    TimeProvider timeProvider,
    ILogger<ExportPublisher> logger)
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(10);
    private readonly string _holder = Guid.NewGuid().ToString("N");
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Publishes closed windows, or with <paramref name="immediate"/> everything already past its embargo.</summary>
    public async Task<PublishSummary> PublishAsync(bool immediate, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            DateTimeOffset now = timeProvider.GetUtcNow();
            long nowSeconds = now.ToUnixTimeSeconds();
            long window = (long)options.ExportWindow.TotalSeconds;
            long cutoff = immediate ? nowSeconds + 1 : nowSeconds / window * window;
            int batches = 0, files = 0, keys = 0, skipped = 0;
            foreach (string region in options.Regions)
            {
                string lease = "publish:" + region;
                if (!await store.TryAcquireLeaseAsync(lease, _holder, nowSeconds, LeaseDuration, cancellationToken))
                {
                    skipped++;
                    continue;
                }

                try
                {
                    foreach (long start in await store.GetPendingWindowsAsync(region, window, cutoff, cancellationToken))
                    {
                        long end = Math.Min(start + window, cutoff);
                        PublishedBatch batch = await store.PublishAsync(
                            region, start, end, now.ToUnixTimeMilliseconds(), (claimed, _) => BuildFiles(region, start, end, claimed), cancellationToken);
                        if (batch.BatchId != 0)
                        {
                            batches++;
                            files += batch.Files.Count;
                            keys += batch.RealKeys;
                        }
                    }
                }
                finally
                {
                    await store.ReleaseLeaseAsync(lease, _holder, CancellationToken.None);
                }
            }

            // Keys are deleted 14 days after their rolling start; files and idempotency records after the same period.
            long keyCutoff = EnIntervalNumber.FromUtcDate(DateOnly.FromDateTime(now.UtcDateTime).AddDays(-options.RetentionDays)).Value;
            (int keysDeleted, int filesDeleted) = await store.DeleteExpiredAsync(keyCutoff, nowSeconds - (long)TimeSpan.FromDays(options.RetentionDays).TotalSeconds, cancellationToken);
            if (batches > 0 || keysDeleted > 0 || filesDeleted > 0)
            {
                logger.LogInformation(
                    "Published {Batches} batches ({Files} files, {Keys} keys); deleted {KeysDeleted} expired keys and {FilesDeleted} files",
                    batches, files, keys, keysDeleted, filesDeleted);
            }

            return new PublishSummary(batches, files, keys, skipped, keysDeleted, filesDeleted);
        }
        finally
        {
            _gate.Release();
        }
    }

    internal IReadOnlyList<StoredExportFile> BuildFiles(string region, long start, long end, IReadOnlyList<StoredKey> claimed)
    {
        var keys = new List<(byte[] Data, DiagnosisKey Key)>(Math.Max(claimed.Count, options.MinKeysPerFile));
        foreach (StoredKey key in claimed)
        {
            keys.Add((key.KeyData, ToDiagnosisKey(key.KeyData, key)));
        }

        if (keys.Count < options.MinKeysPerFile)
        {
            // Pad with random keys that copy the metadata of real ones (cycling), so padding cannot be told apart.
            int target = options.MinKeysPerFile + (options.PaddingJitter > 0 ? RandomNumberGenerator.GetInt32(options.PaddingJitter + 1) : 0);
            target = Math.Min(target, options.MaxKeysPerFile);
            for (int i = 0; keys.Count < target; i++)
            {
                byte[] random = RandomNumberGenerator.GetBytes(TemporaryExposureKey.KeyLength);
                keys.Add((random, ToDiagnosisKey(random, claimed[i % claimed.Count])));
            }
        }

        if (options.KeyOrder == KeyOrderSetting.Shuffle)
        {
            RandomNumberGenerator.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(keys));
        }
        else
        {
            keys.Sort(static (a, b) => a.Data.AsSpan().SequenceCompareTo(b.Data));
        }

        var files = new List<StoredExportFile>();
        for (int offset = 0, index = 0; offset < keys.Count; offset += options.MaxKeysPerFile, index++)
        {
            DiagnosisKey[] part = keys.GetRange(offset, Math.Min(options.MaxKeysPerFile, keys.Count - offset)).Select(k => k.Key).ToArray();

            // Android de-duplicates files by start/end/batch number, so each extra file of a window moves its end by one second.
            files.Add(new StoredExportFile(fileFactory.Write(new ExportFileSpec(region, start, end + index, part)), part.Length));
        }

        return files;
    }

    private static DiagnosisKey ToDiagnosisKey(byte[] keyData, StoredKey metadata) =>
        new(
            TemporaryExposureKey.FromBytes(keyData, new EnIntervalNumber((uint)metadata.RollingStart), metadata.RollingPeriod),
            metadata.TransmissionRisk,
            (ReportType)metadata.ReportType,
            metadata.DaysSinceOnset);
}

/// <summary>Runs <see cref="ExportPublisher"/> every <c>--publish-interval</c>.</summary>
internal sealed class PublisherService(ExportPublisher publisher, NotificationServerOptions options, TimeProvider timeProvider, ILogger<PublisherService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await publisher.PublishAsync(immediate: false, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or InvalidOperationException or CryptographicException)
            {
                // Nothing was committed for the failed batch; its keys stay pending for the next run.
                logger.LogError(ex, "Publishing failed; will retry");
            }

            try
            {
                await Task.Delay(options.PublishInterval, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
