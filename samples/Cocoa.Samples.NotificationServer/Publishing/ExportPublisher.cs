using System.Security.Cryptography;
using Cocoa.Samples.NotificationServer.Storage;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;

namespace Cocoa.Samples.NotificationServer.Publishing;

/// <summary>What one publishing run did.</summary>
internal sealed record PublishSummary(int Batches, int Files, int Keys, int RegionsSkipped, int KeysDeleted, int FilesDeleted);

/// <summary>
/// Publishes embargo-expired keys per region and time window: claims them atomically, pads, orders, splits and signs the
/// files with the library's <see cref="ExportBatcher"/> and <see cref="ExportFileWriter"/>, and stores them in the same
/// transaction, so every key is published exactly once; the <see cref="ExportDistributor"/> then puts the zips in the export
/// store before any list names them, so a crash leaves nothing half-listed that the next publisher does not finish. A database lease per region
/// keeps other instances from publishing the same windows at the same time.
/// </summary>
/// <remarks>The lease is short (<see cref="LeaseDuration"/>) and renewed by a heartbeat while a region is being published,
/// so the lease of a crashed instance lapses within seconds instead of blocking publishing for minutes. Exactly-once does
/// not rest on the lease: keys are claimed by one conditional <c>UPDATE</c> inside the publishing transaction.</remarks>
internal sealed class ExportPublisher(
    NotificationServerOptions options,
    IKeyStore store,
    SigningKey signingKey,
    ExportDistributor distributor,
    TimeProvider timeProvider,
    ILogger<ExportPublisher> logger)
{
    /// <summary>How long a lease lasts without renewal: the longest a crashed publisher can block its regions.</summary>
    internal static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(30);

    /// <summary>How often a held lease is renewed (three renewals fit in one lease, so one slow renewal does not lose it).</summary>
    internal static readonly TimeSpan LeaseRenewal = LeaseDuration / 3;

    private readonly string _holder = Guid.NewGuid().ToString("N");
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ExportSigningKey[] _signingKeys = [ExportSigningKey.FromECDsa(signingKey.Key, options.SigningKeyId, options.SigningKeyVersion)];

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

            // Keys are deleted 14 days after their rolling start; files and idempotency records after the same period. Expired
            // files leave the database first; each region's lists are then rewritten without them before their zips go.
            long keyCutoff = EnIntervalNumber.FromUtcDate(DateOnly.FromDateTime(now.UtcDateTime).AddDays(-options.RetentionDays)).Value;
            long fileCutoff = nowSeconds - (long)TimeSpan.FromDays(options.RetentionDays).TotalSeconds;
            var expired = new Dictionary<string, IReadOnlyList<ExportFileEntry>>(StringComparer.Ordinal);
            foreach (string region in options.Regions)
            {
                expired[region] = [.. (await store.ListFilesAsync(region, cancellationToken)).Where(f => f.Created < fileCutoff * 1000)];
            }

            (int keysDeleted, int filesDeleted) = await store.DeleteExpiredAsync(keyCutoff, fileCutoff, cancellationToken);
            foreach (string region in options.Regions)
            {
                string lease = "publish:" + region;
                if (!await store.TryAcquireLeaseAsync(lease, _holder, nowSeconds, LeaseDuration, cancellationToken))
                {
                    skipped++;
                    continue;
                }

                var heartbeat = new LeaseHeartbeat(store, lease, _holder, timeProvider, cancellationToken);
                try
                {
                    foreach (long start in await store.GetPendingWindowsAsync(region, window, cutoff, heartbeat.Token))
                    {
                        long end = Math.Min(start + window, cutoff);
                        PublishedBatch batch = await store.PublishAsync(
                            region, start, end, now.ToUnixTimeMilliseconds(), (claimed, _, ct) => BuildFilesAsync(region, start, end, claimed, ct), heartbeat.Token);
                        if (batch.BatchId != 0)
                        {
                            batches++;
                            files += batch.Files.Count;
                            keys += batch.RealKeys;
                            logger.LogInformation("Committed batch {Batch} of region {Region}: {Files} files, {Keys} keys", batch.BatchId, region, batch.Files.Count, batch.RealKeys);
                        }
                    }

                    // Also finishes what an instance that crashed after committing a batch left unstored.
                    await distributor.DistributeAsync(region, expired[region], heartbeat.Token);
                }
                catch (OperationCanceledException) when (heartbeat.Lost && !cancellationToken.IsCancellationRequested)
                {
                    // Another instance took the region over: the open transaction rolled back, its keys stay pending.
                    logger.LogWarning("Lost the publishing lease of region {Region}; stopped publishing it", region);
                    skipped++;
                }
                finally
                {
                    await heartbeat.DisposeAsync();
                    await store.ReleaseLeaseAsync(lease, _holder, CancellationToken.None);
                }
            }

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

    internal async Task<IReadOnlyList<StoredExportFile>> BuildFilesAsync(string region, long start, long end, IReadOnlyList<StoredKey> claimed, CancellationToken cancellationToken)
    {
        var keys = new DiagnosisKey[claimed.Count];
        for (int i = 0; i < keys.Length; i++)
        {
            StoredKey key = claimed[i];
            keys[i] = new DiagnosisKey(
                TemporaryExposureKey.FromBytes(key.KeyData, new EnIntervalNumber((uint)key.RollingStart), key.RollingPeriod),
                key.TransmissionRisk,
                (ReportType)key.ReportType,
                key.DaysSinceOnset);
        }

        IReadOnlyList<ExportFileContent> contents = ExportBatcher.CreateFiles(
            keys,
            [],
            DateTimeOffset.FromUnixTimeSeconds(start),
            DateTimeOffset.FromUnixTimeSeconds(end),
            new ExportBatchOptions
            {
                Region = region,
                MinRecordsPerFile = options.MinKeysPerFile,
                PaddingRange = options.PaddingJitter,
                MaxRecordsPerFile = options.MaxKeysPerFile,
                Order = options.KeyOrder == KeyOrderSetting.Shuffle ? ExportKeyOrder.Shuffled : ExportKeyOrder.SortedByKeyData,
            });
        var files = new List<StoredExportFile>(contents.Count);
        foreach (ExportFileContent content in contents)
        {
            using var zip = new MemoryStream();
            await ExportFileWriter.WriteAsync(zip, content, _signingKeys, null, cancellationToken);
            files.Add(new StoredExportFile(zip.ToArray(), content.Keys.Count));
        }

        return files;
    }

    /// <summary>Renews a held lease every <see cref="LeaseRenewal"/> until disposed; cancels <see cref="Token"/> if it is lost.</summary>
    private sealed class LeaseHeartbeat : IAsyncDisposable
    {
        private readonly CancellationTokenSource _work;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public LeaseHeartbeat(IKeyStore store, string lease, string holder, TimeProvider timeProvider, CancellationToken cancellationToken)
        {
            _work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _loop = RenewAsync(store, lease, holder, timeProvider);
        }

        public CancellationToken Token => _work.Token;

        public bool Lost { get; private set; }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            _stop.Dispose();
            _work.Dispose();
        }

        private async Task RenewAsync(IKeyStore store, string lease, string holder, TimeProvider timeProvider)
        {
            try
            {
                while (true)
                {
                    await Task.Delay(LeaseRenewal, timeProvider, _stop.Token);
                    long now = timeProvider.GetUtcNow().ToUnixTimeSeconds();
                    if (!await store.TryAcquireLeaseAsync(lease, holder, now, LeaseDuration, _stop.Token))
                    {
                        Lost = true;
                        await _work.CancelAsync();
                        return;
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
        }
    }
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
            catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or ExportStorage.ExportStoreException or InvalidOperationException or CryptographicException or ArgumentException)
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
