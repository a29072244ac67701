using Cocoa.Sdk.Export;

namespace Cocoa.Sdk.Matching.Internal;

/// <summary>
/// Reads, verifies and matches export files with a fixed set of worker threads (one per core), each of which either
/// decodes the next chunk of keys of a file nobody else is reading or matches a decoded chunk. Decoding a chunk (inflate,
/// hash, protobuf) costs a fraction of matching it, so a thread reads only while fewer than one chunk per thread is
/// waiting, and otherwise matches: all cores stay busy with one file, and several files are read at once.
/// </summary>
/// <remarks>
/// <para>A file's matches are collected apart and published only once the file has been read to the end, its signature
/// and format checks have passed (<see cref="ExportFileReader.CompleteStreamingPass"/>) and none of its chunks is still
/// being matched. A file that fails is published with its error and nothing else; chunks of it still waiting are
/// dropped.</para>
/// <para>Files are opened in order by one asynchronous opener (downloads, copies of non-seekable streams), at most one per
/// worker plus one ahead of the reading. Memory: the waiting chunks (at most one per worker), one chunk per worker being
/// matched or decoded, and the open files' inflaters.</para>
/// </remarks>
internal sealed class ExportMatchPipeline : IAsyncDisposable
{
    private readonly Func<MatchWorker> _createWorker;
    private readonly Action<MatchWorker> _warmUp;
    private readonly Func<CancellationToken, Task<Stream>>[] _sources;
    private readonly ExportReaderOptions _readerOptions;
    private readonly IProgress<MatchProgress>? _progress;
    private readonly int _workerCount;
    private readonly int _chunkSize;
    private readonly FileState[] _files;
    private readonly Queue<Chunk> _ready = new();
    private readonly Stack<DiagnosisKey[]> _free = new();
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stop;
    private readonly SemaphoreSlim _openSlots;
    private readonly CancellationTokenRegistration _onStop;
    private Task _opener = Task.CompletedTask;
    private Task[] _workers = [];
    private int _published;
    private long _keysMatched;
    private long _keysFound;

    public ExportMatchPipeline(
        Func<MatchWorker> createWorker,
        Action<MatchWorker> warmUp,
        Func<CancellationToken, Task<Stream>>[] sources,
        ExportReaderOptions readerOptions,
        MatchOptions options,
        IProgress<MatchProgress>? progress,
        CancellationToken cancellationToken)
    {
        _createWorker = createWorker;
        _warmUp = warmUp;
        _sources = sources;
        _readerOptions = readerOptions;
        _progress = progress;
        _workerCount = Math.Max(1, options.EffectiveParallelism);
        _chunkSize = options.ChunkSize;
        _files = [.. Enumerable.Range(0, sources.Length).Select(i => new FileState(i))];
        _openSlots = new SemaphoreSlim(_workerCount + 1);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _onStop = _stop.Token.Register(OnStop);
    }

    public void Start()
    {
        if (_files.Length == 0)
        {
            return;
        }

        _opener = Task.Run(OpenFilesAsync, CancellationToken.None);
        _workers = [.. Enumerable.Range(0, _workerCount).Select(w => Task.Factory.StartNew(() => Work(warmUp: w == 1), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))];
    }

    /// <summary>Completes when file <paramref name="index"/> is published; faults if the pipeline failed, cancels with the run.</summary>
    public Task<ExportFileMatchResult> ResultOfAsync(int index) => _files[index].Completion.Task;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll([_opener, .. _workers]).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // already reported through the files' results; disposal only waits for the threads to end
        catch
#pragma warning restore CA1031
        {
        }

        foreach (FileState file in _files)
        {
            file.Reader?.Dispose();
            file.Reader = null;
        }

        await _onStop.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
        _openSlots.Dispose();
    }

    private async Task OpenFilesAsync()
    {
        CancellationToken cancellationToken = _stop.Token;
        try
        {
            for (int i = 0; i < _files.Length; i++)
            {
                await _openSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
                ExportFileReader? reader = null;
                Exception? error = null;
                try
                {
                    reader = await OpenAsync(_sources[i], cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // whatever opening one file throws is that file's outcome
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    error = ex;
                }

                lock (_gate)
                {
                    FileState file = _files[i];
                    if (error is null)
                    {
                        file.Reader = reader;
                    }
                    else
                    {
                        EndReading(file, error, digest: default);
                    }

                    Monitor.PulseAll(_gate);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task<ExportFileReader> OpenAsync(Func<CancellationToken, Task<Stream>> source, CancellationToken cancellationToken)
    {
        Stream stream = await source(cancellationToken).ConfigureAwait(false);
        Stream seekable;
        try
        {
            seekable = await ExportFileReader.SeekableAsync(stream, _readerOptions, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        if (seekable != stream)
        {
            await stream.DisposeAsync().ConfigureAwait(false); // copied to a temporary file
        }

        return ExportFileReader.OpenStreamingPass(seekable, ownsSource: true, _readerOptions);
    }

    /// <param name="warmUp">Whether this thread first compiles the matching kernels (while another decodes the first keys).</param>
    private void Work(bool warmUp)
    {
        MatchWorker? worker = null;
        try
        {
            worker = _createWorker();
            if (warmUp)
            {
                _warmUp(worker);
            }

            while (true)
            {
                FileState? toRead = null;
                Chunk chunk = default;
                lock (_gate)
                {
                    while (true)
                    {
                        if (_stop.IsCancellationRequested || _published == _files.Length)
                        {
                            return;
                        }

                        if (_ready.Count < _workerCount && (toRead = TakeReadable()) is not null)
                        {
                            break;
                        }

                        if (_ready.TryDequeue(out chunk))
                        {
                            break;
                        }

                        Monitor.Wait(_gate);
                    }
                }

                if (toRead is not null)
                {
                    Read(toRead);
                }
                else
                {
                    Match(worker, chunk);
                }
            }
        }
#pragma warning disable CA1031 // a failure of the pipeline itself (not of a file) ends the run and is reported to the caller
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Fail(ex);
        }
        finally
        {
            worker?.Dispose();
        }
    }

    /// <summary>The first open file that is not finished and not being read (under the lock).</summary>
    private FileState? TakeReadable()
    {
        foreach (FileState file in _files)
        {
            if (file.Reader is not null && !file.Busy && !file.ReadingDone)
            {
                file.Busy = true;
                return file;
            }
        }

        return null;
    }

    /// <summary>Decodes up to one chunk of <paramref name="file"/>; at its end, checks signature and format.</summary>
    private void Read(FileState file)
    {
        DiagnosisKey[] keys;
        lock (_gate)
        {
            keys = _free.TryPop(out DiagnosisKey[]? reused) ? reused : new DiagnosisKey[_chunkSize];
        }

        ExportFileReader reader = file.Reader!;
        int count = 0;
        bool end = false;
        Exception? error = null;
        ReadOnlyMemory<byte> digest = default;
        try
        {
            while (count < keys.Length)
            {
                int read = reader.ReadStreamingBatch(keys.AsSpan(count));
                if (read == 0)
                {
                    end = true;
                    break;
                }

                count += read;
            }

            if (end)
            {
                reader.CompleteStreamingPass();
                digest = reader.ExportBinSha256;
            }
        }
#pragma warning disable CA1031 // whatever a hostile file does to the reader, it is contained to that file
        catch (Exception ex)
#pragma warning restore CA1031
        {
            error = ex;
            end = true;
        }

        lock (_gate)
        {
            file.Busy = false;
            if (count > 0 && error is null)
            {
                _ready.Enqueue(new Chunk(file, keys, count, file.KeysRead));
                file.KeysRead += count;
                file.Outstanding++;
            }
            else
            {
                _free.Push(keys);
            }

            if (end)
            {
                EndReading(file, error, digest);
            }

            Monitor.PulseAll(_gate);
        }
    }

    private void Match(MatchWorker worker, Chunk chunk)
    {
        FileState file = chunk.File;
        bool rejected = Volatile.Read(ref file.Failed);
        long processed = 0, skipped = 0;
        int matched = 0;
        if (!rejected)
        {
            long processed0 = worker.Processed, skipped0 = worker.Skipped;
            matched = worker.Process(chunk.Keys.AsSpan(0, chunk.Count), chunk.Base);
            processed = worker.Processed - processed0;
            skipped = worker.Skipped - skipped0;
        }

        lock (_gate)
        {
            if (!rejected)
            {
                file.Matches.AddRange(worker.Matches);
                file.Processed += processed;
                file.Skipped += skipped;
            }

            worker.Matches.Clear();
            file.Outstanding--;
            _free.Push(chunk.Keys);
            TryPublish(file);
            Monitor.PulseAll(_gate);
        }

        if (!rejected && _progress is not null)
        {
            _progress.Report(new MatchProgress(Interlocked.Add(ref _keysMatched, chunk.Count), Interlocked.Add(ref _keysFound, matched)));
        }
    }

    /// <summary>The file has been read to its end or has failed (under the lock).</summary>
    private void EndReading(FileState file, Exception? error, ReadOnlyMemory<byte> digest)
    {
        file.ReadingDone = true;
        file.Error = error;
        file.Digest = digest;
        if (error is not null)
        {
            Volatile.Write(ref file.Failed, true);
        }

        _openSlots.Release();
        TryPublish(file);
    }

    /// <summary>Publishes the file once it is read, checked and all its chunks are matched (under the lock).</summary>
    private void TryPublish(FileState file)
    {
        if (file.Published || !file.ReadingDone || file.Outstanding > 0)
        {
            return;
        }

        file.Published = true;
        _published++;
        file.Reader?.Dispose();
        file.Reader = null;
        ExportFileMatchResult result = file.Error is null
            ? new ExportFileMatchResult(file.Index, MatchResult.FromUnordered(file.Processed, file.Skipped, file.Matches), file.Digest, null)
            : new ExportFileMatchResult(file.Index, null, default, file.Error);
        file.Matches = [];
        file.Completion.TrySetResult(result);
    }

    private void Fail(Exception error)
    {
        lock (_gate)
        {
            foreach (FileState file in _files)
            {
                file.Completion.TrySetException(error);
            }

            Monitor.PulseAll(_gate);
        }

        _stop.Cancel();
    }

    private void OnStop()
    {
        lock (_gate)
        {
            foreach (FileState file in _files)
            {
                file.Completion.TrySetCanceled(_stop.Token);
            }

            Monitor.PulseAll(_gate);
        }
    }

    private readonly record struct Chunk(FileState File, DiagnosisKey[] Keys, int Count, long Base);

    /// <summary>One file's progress through the pipeline (fields guarded by the lock, except <see cref="Failed"/>).</summary>
    private sealed class FileState(int index)
    {
        public bool Failed;

        public int Index => index;

        public ExportFileReader? Reader { get; set; }

        /// <summary>Gets or sets whether a worker is decoding this file now.</summary>
        public bool Busy { get; set; }

        public bool ReadingDone { get; set; }

        public bool Published { get; set; }

        public long KeysRead { get; set; }

        /// <summary>Gets or sets the number of decoded chunks of this file not yet matched.</summary>
        public int Outstanding { get; set; }

        public long Processed { get; set; }

        public long Skipped { get; set; }

        public List<KeyMatch> Matches { get; set; } = [];

        public Exception? Error { get; set; }

        public ReadOnlyMemory<byte> Digest { get; set; }

        public TaskCompletionSource<ExportFileMatchResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
