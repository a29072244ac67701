using System.Net;
using System.Net.Http.Headers;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Protocol;
using Cocoa.Sdk.Runtime;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Cocoa.Sdk.Http;

/// <summary>
/// The notification server as an <see cref="IExportFileSource"/>: lists a region's new export files from COCOA's
/// <c>list.json</c> (or Google's <c>index.txt</c>) with a conditional request (ETag), and opens each file as a stream of
/// the HTTP response. Network failures, timeouts and 5xx/408/429 answers are retried through one resilience pipeline
/// (exponential backoff with jitter). It neither buffers, verifies nor hashes files: the exposure check streams each one
/// through <see cref="ExportFileReader"/> with the trusted keys.
/// </summary>
/// <threadsafety>Instances are thread-safe when the <see cref="HttpClient"/> is.</threadsafety>
public sealed class ExportDownloadClient : IExportFileSource
{
    private readonly HttpClient _httpClient;
    private readonly ExportDownloadClientOptions _options;
    private readonly ResiliencePipeline _pipeline;
    private readonly Uri _root;

    /// <summary>Creates a client.</summary>
    /// <param name="httpClient">The HTTP client (not disposed by this class).</param>
    /// <param name="options">Settings.</param>
    /// <param name="timeProvider">The clock of retry delays and timeouts (default <see cref="TimeProvider.System"/>).</param>
    /// <exception cref="ArgumentException">No absolute base address, or a limit is not positive.</exception>
    public ExportDownloadClient(HttpClient httpClient, ExportDownloadClientOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        Uri baseAddress = options.BaseAddress ?? httpClient.BaseAddress ?? throw new ArgumentException("A base address is required.", nameof(options));
        if (!baseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException("The base address must be absolute.", nameof(options));
        }

        if (options.MaxListBytes <= 0 || options.MaxFileBytes <= 0 || options.RequestTimeout <= TimeSpan.Zero || string.IsNullOrEmpty(options.Container)
            || options.MaxAttempts < 1 || options.RetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("Limits, attempts and the timeout must be positive, the retry delay not negative and the container non-empty.", nameof(options));
        }

        _httpClient = httpClient;
        _options = options;
        _root = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider ?? TimeProvider.System };
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder()
                    .Handle<HttpRequestException>()
                    .Handle<IOException>()
                    .Handle<TimeoutRejectedException>()
                    .Handle<TransientStatusException>(),
            });
        }

        _pipeline = builder.AddTimeout(options.RequestTimeout).Build();
    }

    /// <inheritdoc/>
    /// <exception cref="ExportDownloadException">The list could not be fetched after the retries, or is malformed.</exception>
    public Task<ExportFileListing> ListFilesAsync(string region, ExportCursor after, CancellationToken cancellationToken)
    {
        ValidateRegion(region);
        ArgumentNullException.ThrowIfNull(after);
        return _options.ListFormat == ExportListFormat.IndexTxt
            ? ListFromIndexAsync(region, after, cancellationToken)
            : ListFromListJsonAsync(region, after, cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="ExportDownloadException">The file is gone (<see cref="ExportDownloadError.FileGone"/>) or could not be
    /// fetched after the retries (<see cref="ExportDownloadError.FileUnavailable"/>).</exception>
    /// <exception cref="ExportFormatException">The file is larger than <see cref="ExportDownloadClientOptions.MaxFileBytes"/> (also while streaming).</exception>
    public async Task<Stream> OpenFileAsync(ExportFileReference file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!Uri.TryCreate(file.Location, UriKind.Absolute, out Uri? url))
        {
            throw new ArgumentException("The file's location is not an absolute URL.", nameof(file));
        }

        HttpResponseMessage response;
        try
        {
            response = await SendAsync(url, etag: null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsNetworkFailure(ex, cancellationToken))
        {
            throw new ExportDownloadException(ExportDownloadError.FileUnavailable, "The export file could not be downloaded.", ex);
        }

        try
        {
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            {
                throw new ExportDownloadException(ExportDownloadError.FileGone, $"The export file answered HTTP {(int)response.StatusCode}.");
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new ExportDownloadException(ExportDownloadError.FileUnavailable, $"The export file answered HTTP {(int)response.StatusCode}.");
            }

            if (response.Content.Headers.ContentLength > _options.MaxFileBytes)
            {
                throw TooLarge();
            }

            Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return new LimitedResponseStream(response, body, _options.MaxFileBytes);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private async Task<ExportFileListing> ListFromListJsonAsync(string region, ExportCursor after, CancellationToken cancellationToken)
    {
        (byte[]? list, string? etag) = await GetListAsync(new Uri(_root, $"{_options.Container}/{region}/list.json"), after.ETag, cancellationToken).ConfigureAwait(false);
        if (list is null)
        {
            return new ExportFileListing([], after, NotModified: true);
        }

        var files = new List<ExportFileReference>();
        long last = after.LastCreated;
        foreach (ExportListEntry entry in Malformed(() => ExportList.ParseListJson(list, region)).Where(e => e.Created > after.LastCreated).OrderBy(e => e.Created))
        {
            files.Add(new ExportFileReference(region, entry.Url.AbsoluteUri, after with { LastCreated = entry.Created, ETag = null }));
            last = entry.Created;
        }

        return new ExportFileListing(files, after with { LastCreated = last, ETag = etag });
    }

    private async Task<ExportFileListing> ListFromIndexAsync(string region, ExportCursor after, CancellationToken cancellationToken)
    {
        (byte[]? index, string? etag) = await GetListAsync(new Uri(_root, $"{_options.Container}/{region}/index.txt"), after.ETag, cancellationToken).ConfigureAwait(false);
        if (index is null)
        {
            return new ExportFileListing([], after, NotModified: true);
        }

        // Entries after the last processed one; all of them when that entry is gone (expired from the index).
        string[] lines = [.. Malformed(() => ExportList.ParseIndexTxt(index))];
        int start = after.LastIndexEntry is { } lastSeen && Array.IndexOf(lines, lastSeen) is int at and >= 0 ? at + 1 : 0;
        var files = new List<ExportFileReference>();
        string? lastEntry = after.LastIndexEntry;
        for (int i = start; i < lines.Length; i++)
        {
            if (!Uri.TryCreate(_root, lines[i], out Uri? url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                throw new ExportDownloadException(ExportDownloadError.MalformedList, "index.txt holds an entry that is not a path.");
            }

            files.Add(new ExportFileReference(region, url.AbsoluteUri, after with { LastIndexEntry = lines[i], ETag = null }));
            lastEntry = lines[i];
        }

        return new ExportFileListing(files, after with { LastIndexEntry = lastEntry, ETag = etag });
    }

    private static void ValidateRegion(string region)
    {
        ArgumentException.ThrowIfNullOrEmpty(region);
        foreach (char c in region)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                throw new ArgumentException("The region must be ASCII letters and digits.", nameof(region));
            }
        }
    }

    /// <summary>Sends a GET through the resilience pipeline; retryable statuses are retried, others returned.</summary>
    private async Task<HttpResponseMessage> SendAsync(Uri url, string? etag, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(
            static async (state, ct) =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, state.Url);
                if (state.ETag is not null && EntityTagHeaderValue.TryParse(state.ETag, out EntityTagHeaderValue? tag))
                {
                    request.Headers.IfNoneMatch.Add(tag);
                }

                HttpResponseMessage response = await state.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
                if (IsTransientStatus(response.StatusCode))
                {
                    var status = response.StatusCode;
                    response.Dispose();
                    throw new TransientStatusException(status);
                }

                return response;
            },
            (Client: _httpClient, Url: url, ETag: etag),
            cancellationToken).ConfigureAwait(false);

    private async Task<(byte[]? Body, string? ETag)> GetListAsync(Uri url, string? etag, CancellationToken cancellationToken)
    {
        try
        {
            using HttpResponseMessage response = await SendAsync(url, etag, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return (null, etag);
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new ExportDownloadException(ExportDownloadError.ListUnavailable, $"The list answered HTTP {(int)response.StatusCode}.");
            }

            byte[] body = await ReadLimitedAsync(response.Content, _options.MaxListBytes, cancellationToken).ConfigureAwait(false)
                ?? throw new ExportDownloadException(ExportDownloadError.MalformedList, $"The list is larger than {_options.MaxListBytes} bytes.");
            return (body, response.Headers.ETag?.ToString());
        }
        catch (Exception ex) when (IsNetworkFailure(ex, cancellationToken))
        {
            throw new ExportDownloadException(ExportDownloadError.ListUnavailable, "The list could not be downloaded.", ex);
        }
    }

    private static bool IsNetworkFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException or IOException or TimeoutRejectedException or TransientStatusException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static bool IsTransientStatus(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    private static T Malformed<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (ProtocolFormatException ex)
        {
            throw new ExportDownloadException(ExportDownloadError.MalformedList, ex.Message, ex);
        }
    }

    private static async Task<byte[]?> ReadLimitedAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > limit)
        {
            return null;
        }

        Stream stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            byte[] chunk = new byte[16384];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    private ExportFormatException TooLarge() =>
        new(ExportFormatError.TooLarge, $"The export file is larger than {_options.MaxFileBytes} bytes.");

    /// <summary>A 5xx, 408 or 429 answer, retried by the pipeline.</summary>
    private sealed class TransientStatusException(HttpStatusCode status) : Exception($"The server answered HTTP {(int)status}.");

    /// <summary>The response body, read-only and forward-only, failing once more than the limit was read; disposes the response.</summary>
    private sealed class LimitedResponseStream(HttpResponseMessage response, Stream body, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer) => Count(body.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                body.Dispose();
                response.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Count(int read)
        {
            _read += read;
            if (_read > limit)
            {
                throw new ExportFormatException(ExportFormatError.TooLarge, $"The export file is larger than {limit} bytes.");
            }

            return read;
        }
    }
}
