using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Matching.Internal;

namespace Cocoa.Sdk.Matching;

/// <summary>
/// Matches published diagnosis keys against the phone's stored sightings: for every key, the sightings of its RPIs within
/// its validity ±2 hours (±12 intervals), metadata decrypted, time-ordered.
/// </summary>
/// <remarks>
/// <para>The sightings are indexed once when the matcher is created; the matcher can then be used for any number of key
/// streams, from several threads at once. Keys are streamed: memory is bounded by the sightings index plus a fixed buffer
/// per worker (chunk of keys and RPI block), whatever the number of keys. Keys whose validity ±2 h does not overlap the
/// sightings' time range are skipped without deriving anything. Work is split across
/// <see cref="MatchOptions.MaxDegreeOfParallelism"/> threads; the result order is the key order regardless.</para>
/// <para>A key is reported at most once (its first matching occurrence), so the same key in several files counts once.</para>
/// </remarks>
/// <threadsafety>Instances are immutable after construction and thread-safe.</threadsafety>
public sealed class ExposureMatcher
{
    private readonly IdentifierIndex _index;
    private readonly MatchOptions _options;

    /// <summary>Indexes the sightings.</summary>
    /// <param name="sightings">The phone's stored sightings (any order).</param>
    /// <param name="options">Options, or <see langword="null"/> for <see cref="MatchOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="sightings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A sighting's time is negative, or the chunk size is not positive.</exception>
    public ExposureMatcher(IEnumerable<Sighting> sightings, MatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sightings);
        _options = options ?? MatchOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.ChunkSize, 1, nameof(options));
        Sighting[] copy = [.. sightings];
        foreach (Sighting s in copy)
        {
            if (s.UnixSeconds < 0 || s.UnixSeconds / 600 > uint.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(sightings), s.UnixSeconds, "Sighting times must be non-negative Unix seconds within the ENIntervalNumber range.");
            }
        }

        _index = new IdentifierIndex(copy);
    }

    /// <summary>Gets the number of sightings indexed.</summary>
    public int SightingCount => _index.Sightings.Length;

    /// <summary>Gets the number of distinct RPIs among the sightings.</summary>
    public int DistinctIdentifierCount => _index.DistinctCount;

    /// <summary>Gets the options.</summary>
    public MatchOptions Options => _options;

    /// <summary>Creates the crypto back end for one worker (tests and benchmarks force one).</summary>
    internal Func<IRpiBatchGenerator> GeneratorFactory { get; set; } = () => new KernelRpiBatchGenerator();

    /// <summary>Gets or sets the most capable filter probe to use (tests pick simpler ones to check them).</summary>
    internal ProbeKind Probe { get; set; } = ProbeKind.Avx512;

    /// <summary>Matches a key stream, blocking the calling thread (which also works).</summary>
    /// <param name="keys">The diagnosis keys, e.g. from an export reader; enumerated once.</param>
    /// <param name="progress">Receives progress after each chunk of keys (from worker threads).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The matched keys in stream order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="keys"/> is null.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public MatchResult Match(IEnumerable<DiagnosisKey> keys, IProgress<MatchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        cancellationToken.ThrowIfCancellationRequested();
        int workers = _options.EffectiveParallelism;
        var shared = new SyncSource(keys.GetEnumerator(), _options.ChunkSize);
        var tracker = new ProgressTracker(progress);
        var done = new MatchWorker[workers];
        try
        {
            if (workers == 1 || _index.IsEmpty)
            {
                done = [RunSyncWorker(shared, tracker, cancellationToken)];
            }
            else
            {
                Parallel.For(
                    0,
                    workers,
                    new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken },
                    w => done[w] = RunSyncWorker(shared, tracker, cancellationToken));
            }
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            throw;
        }
        finally
        {
            shared.Dispose();
        }

        return Merge(done.Where(w => w is not null));
    }

    /// <summary>Matches an asynchronous key stream (e.g. an export file being read), on worker threads.</summary>
    /// <param name="keys">The diagnosis keys; enumerated once.</param>
    /// <param name="progress">Receives progress after each chunk of keys (from worker threads).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The matched keys in stream order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="keys"/> is null.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public async Task<MatchResult> MatchAsync(IAsyncEnumerable<DiagnosisKey> keys, IProgress<MatchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        int workers = _options.EffectiveParallelism;
        int chunkSize = _options.ChunkSize;
        var tracker = new ProgressTracker(progress);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = Channel.CreateBounded<(DiagnosisKey[] Keys, int Count, long Base)>(workers);
        var free = Channel.CreateUnbounded<DiagnosisKey[]>();
        for (int i = 0; i < (2 * workers) + 1; i++)
        {
            free.Writer.TryWrite(new DiagnosisKey[chunkSize]);
        }

        Task<MatchWorker>[] tasks = [.. Enumerable.Range(0, workers).Select(_ => Task.Run(
            async () =>
            {
                var worker = CreateWorker();
                try
                {
                    await foreach ((DiagnosisKey[] chunk, int count, long baseIndex) in work.Reader.ReadAllAsync(failed.Token).ConfigureAwait(false))
                    {
                        int matched = worker.Process(chunk.AsSpan(0, count), baseIndex);
                        free.Writer.TryWrite(chunk);
                        tracker.Add(count, matched);
                    }

                    return worker;
                }
                catch
                {
                    worker.Dispose();
                    await failed.CancelAsync().ConfigureAwait(false);
                    throw;
                }
            },
            CancellationToken.None))];

        Exception? producerError = null;
        try
        {
            DiagnosisKey[] buffer = await free.Reader.ReadAsync(failed.Token).ConfigureAwait(false);
            int n = 0;
            long next = 0;
            await foreach (DiagnosisKey key in keys.WithCancellation(failed.Token).ConfigureAwait(false))
            {
                buffer[n++] = key;
                if (n == chunkSize)
                {
                    await work.Writer.WriteAsync((buffer, n, next), failed.Token).ConfigureAwait(false);
                    next += n;
                    n = 0;
                    buffer = await free.Reader.ReadAsync(failed.Token).ConfigureAwait(false);
                }
            }

            if (n > 0)
            {
                await work.Writer.WriteAsync((buffer, n, next), failed.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            producerError = ex;
            await failed.CancelAsync().ConfigureAwait(false);
        }
        finally
        {
            work.Writer.TryComplete();
        }

        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch when (producerError is not null || cancellationToken.IsCancellationRequested)
        {
            // Reported below.
        }
        finally
        {
            foreach (Task<MatchWorker> t in tasks)
            {
                if (producerError is not null && t.IsCompletedSuccessfully)
                {
                    t.Result.Dispose();
                }
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (producerError is not null)
        {
            // A worker failure cancels the producer; report the worker's error rather than that cancellation.
            Exception? workerError = tasks.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerExceptions[0]).FirstOrDefault();
            ExceptionDispatchInfo.Capture(workerError ?? producerError).Throw();
        }

        return Merge(tasks.Select(t => t.Result));
    }

    /// <summary>
    /// Reads, verifies and matches export files in one bounded pipeline on <see cref="MatchOptions.MaxDegreeOfParallelism"/>
    /// threads: each file's <c>export.bin</c> is inflated, hashed and decoded once while earlier keys are being matched, and
    /// several files are read at once. Results come out in file order, each as soon as that file and the ones before it are
    /// done.
    /// </summary>
    /// <remarks>
    /// <para>Keys are matched before their file's signature is checked, but a file's matches are held back until its last
    /// byte has been read and the signature and format checks of <see cref="ExportFileReader"/> (with
    /// <paramref name="readerOptions"/>) have passed. A file that fails anywhere — its stream cannot be opened, the zip or
    /// <c>export.bin</c> is malformed, no trusted signature verifies — yields a result with
    /// <see cref="ExportFileMatchResult.Error"/> and contributes nothing; the other files are not affected.</para>
    /// <para>Memory is bounded whatever the number of keys: a few chunks of <see cref="MatchOptions.ChunkSize"/> keys per
    /// thread, and at most one open file per thread plus one (a non-seekable stream is first copied to a temporary file,
    /// as <see cref="ExportFileReader.OpenAsync(Stream, ExportReaderOptions?, CancellationToken)"/> does). Stopping the
    /// enumeration early stops the pipeline.</para>
    /// </remarks>
    /// <param name="files">Opens each export zip (called at most once per file, in order, a few files ahead of the matching);
    /// the pipeline disposes the streams.</param>
    /// <param name="readerOptions">Reader options (trusted keys, limits), or <see langword="null"/> for the defaults (no
    /// signature check).</param>
    /// <param name="progress">Receives progress after each chunk of keys (from worker threads), counted over all files.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>One result per file, in file order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="files"/> is null.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public IAsyncEnumerable<ExportFileMatchResult> MatchExportFilesAsync(
        IReadOnlyList<Func<CancellationToken, Task<Stream>>> files,
        ExportReaderOptions? readerOptions = null,
        IProgress<MatchProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        return MatchExportFilesCoreAsync(files, readerOptions ?? ExportReaderOptions.Default, progress, cancellationToken);
    }

    private async IAsyncEnumerable<ExportFileMatchResult> MatchExportFilesCoreAsync(
        IReadOnlyList<Func<CancellationToken, Task<Stream>>> files,
        ExportReaderOptions readerOptions,
        IProgress<MatchProgress>? progress,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pipeline = new ExportMatchPipeline(CreateWorker, WarmUp, [.. files], readerOptions, _options, progress, cancellationToken);
        await using (pipeline.ConfigureAwait(false))
        {
            pipeline.Start();
            for (int i = 0; i < files.Count; i++)
            {
                yield return await pipeline.ResultOfAsync(i).ConfigureAwait(false);
            }
        }
    }

    private static MatchResult Merge(IEnumerable<MatchWorker> workers)
    {
        long processed = 0, skipped = 0;
        var all = new List<KeyMatch>();
        foreach (MatchWorker w in workers)
        {
            processed += w.Processed;
            skipped += w.Skipped;
            all.AddRange(w.Matches);
            w.Dispose();
        }

        return MatchResult.FromUnordered(processed, skipped, all);
    }

    /// <summary>A matching thread's state: the crypto back end, buffers and its matches so far.</summary>
    internal MatchWorker CreateWorker() => new(_index, _options.RssiCorrectionDb, GeneratorFactory(), Probe);

    /// <summary>
    /// Runs the full derivation and probe of <paramref name="worker"/> once, on a key inside the sightings' time range
    /// (its data all zeros), and forgets the outcome: the first real chunk then finds the kernels compiled. The pipeline
    /// does this on one thread while another decodes the first keys.
    /// </summary>
    internal void WarmUp(MatchWorker worker)
    {
        if (_index.IsEmpty)
        {
            return;
        }

        uint day = (uint)(_index.MinInterval / EnIntervalNumber.IntervalsPerDay * EnIntervalNumber.IntervalsPerDay);
        Span<byte> zeros = stackalloc byte[16];
        zeros.Clear();
        worker.Process([new DiagnosisKey(TemporaryExposureKey.FromBytes(zeros, new EnIntervalNumber(day)))], 0);
        worker.Matches.Clear();
    }

    private MatchWorker RunSyncWorker(SyncSource source, ProgressTracker tracker, CancellationToken cancellationToken)
    {
        var worker = CreateWorker();
        var chunk = new DiagnosisKey[source.ChunkSize];
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                (int count, long baseIndex) = source.Fill(chunk);
                if (count == 0)
                {
                    return worker;
                }

                int matched = worker.Process(chunk.AsSpan(0, count), baseIndex);
                tracker.Add(count, matched);
            }
        }
        catch
        {
            worker.Dispose();
            throw;
        }
    }

    /// <summary>Hands out chunks of a shared enumerator under a lock.</summary>
    private sealed class SyncSource(IEnumerator<DiagnosisKey> enumerator, int chunkSize) : IDisposable
    {
        private readonly Lock _lock = new();
        private long _next;
        private bool _finished;

        public int ChunkSize => chunkSize;

        public (int Count, long Base) Fill(DiagnosisKey[] chunk)
        {
            lock (_lock)
            {
                int n = 0;
                while (!_finished && n < chunk.Length)
                {
                    if (enumerator.MoveNext())
                    {
                        chunk[n++] = enumerator.Current;
                    }
                    else
                    {
                        _finished = true;
                    }
                }

                long start = _next;
                _next += n;
                return (n, start);
            }
        }

        public void Dispose() => enumerator.Dispose();
    }

    private sealed class ProgressTracker(IProgress<MatchProgress>? progress)
    {
        private long _processed;
        private long _matched;

        public void Add(int processed, int matched)
        {
            long total = Interlocked.Add(ref _processed, processed);
            long totalMatched = Interlocked.Add(ref _matched, matched);
            progress?.Report(new MatchProgress(total, totalMatched));
        }
    }
}
