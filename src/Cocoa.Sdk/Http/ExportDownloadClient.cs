using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cocoa.Sdk.Export;

namespace Cocoa.Sdk.Http;

/// <summary>
/// Downloads new export files of a region for the exposure check: reads COCOA's <c>list.json</c> (or Google's
/// <c>index.txt</c>) with a conditional request, fetches only files newer than the cursor, oldest first, and opens each
/// with <see cref="ExportFileReader"/> so that malformed or unsigned files never reach the matcher.
/// </summary>
/// <remarks>
/// Resuming is safe: when a download fails, the result stops before that file with <see cref="ExportDownloadResult.Complete"/>
/// <see langword="false"/>, and the returned cursor covers only the files returned. Invalid files are reported in
/// <see cref="ExportDownloadResult.Rejected"/> and skipped for good.
/// </remarks>
/// <threadsafety>Instances are thread-safe when the <see cref="HttpClient"/> is.</threadsafety>
public sealed class ExportDownloadClient
{
    private readonly HttpClient _httpClient;
    private readonly ExportDownloadClientOptions _options;
    private readonly ExportReaderOptions _readerOptions;
    private readonly Uri _root;

    /// <summary>Creates a client.</summary>
    /// <param name="httpClient">The HTTP client (not disposed by this class).</param>
    /// <param name="options">Settings; <see cref="ExportDownloadClientOptions.TrustedKeys"/> is required unless signature checks are off.</param>
    /// <exception cref="ArgumentException">No absolute base address, no trusted keys while signatures are required, or a limit is not positive.</exception>
    public ExportDownloadClient(HttpClient httpClient, ExportDownloadClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        Uri baseAddress = options.BaseAddress ?? httpClient.BaseAddress ?? throw new ArgumentException("A base address is required.", nameof(options));
        if (!baseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException("The base address must be absolute.", nameof(options));
        }

        if (options.RequireValidSignature && (options.TrustedKeys is null || options.TrustedKeys.Count == 0))
        {
            throw new ArgumentException("TrustedKeys are required while RequireValidSignature is on.", nameof(options));
        }

        if (options.MaxListBytes <= 0 || options.MaxFileBytes <= 0 || options.RequestTimeout <= TimeSpan.Zero || string.IsNullOrEmpty(options.Container))
        {
            throw new ArgumentException("Limits and the timeout must be positive and the container non-empty.", nameof(options));
        }

        _httpClient = httpClient;
        _options = options;
        _root = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        _readerOptions = new ExportReaderOptions { TrustedKeys = options.TrustedKeys, RequireValidSignature = options.RequireValidSignature };
    }

    /// <summary>Fetches the files of <c>{region}/list.json</c> whose <c>created</c> is greater than <see cref="ExportCursor.LastCreated"/>.</summary>
    /// <param name="region">The region code (e.g. <c>440</c>).</param>
    /// <param name="cursor">What was processed before (<see cref="ExportCursor.Initial"/> the first time).</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The new files and the advanced cursor.</returns>
    /// <exception cref="ExportDownloadException">The list could not be fetched or is malformed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ExportDownloadResult> GetNewExportsAsync(string region, ExportCursor cursor, CancellationToken cancellationToken = default)
    {
        ValidateRegion(region);
        ArgumentNullException.ThrowIfNull(cursor);
        (byte[]? list, string? etag) = await GetListAsync(new Uri(_root, $"{_options.Container}/{region}/list.json"), cursor.ETag, cancellationToken).ConfigureAwait(false);
        if (list is null)
        {
            return new ExportDownloadResult([], [], cursor, NotModified: true, Complete: true);
        }

        List<(Uri Url, long Created)> entries = ParseListJson(list, region)
            .Where(e => e.Created > cursor.LastCreated)
            .OrderBy(e => e.Created)
            .ToList();
        var files = new List<DownloadedExport>();
        var rejected = new List<RejectedExport>();
        long lastCreated = cursor.LastCreated;
        foreach ((Uri url, long created) in entries)
        {
            (bool fetched, DownloadedExport? file, RejectedExport? bad) = await FetchAsync(region, url, created, null, cancellationToken).ConfigureAwait(false);
            if (!fetched)
            {
                return new ExportDownloadResult(files, rejected, cursor with { LastCreated = lastCreated, ETag = null }, NotModified: false, Complete: false);
            }

            AddResult(files, rejected, file, bad);
            lastCreated = created;
        }

        return new ExportDownloadResult(files, rejected, cursor with { LastCreated = lastCreated, ETag = etag }, NotModified: false, Complete: true);
    }

    /// <summary>
    /// Fetches the files of <c>{region}/index.txt</c> listed after <see cref="ExportCursor.LastIndexEntry"/> (all of them when
    /// that entry is gone, e.g. expired). Entries are paths relative to the base address.
    /// </summary>
    /// <param name="region">The region code.</param>
    /// <param name="cursor">What was processed before.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The new files and the advanced cursor.</returns>
    /// <exception cref="ExportDownloadException">The index could not be fetched or is malformed.</exception>
    public async Task<ExportDownloadResult> GetNewExportsFromIndexAsync(string region, ExportCursor cursor, CancellationToken cancellationToken = default)
    {
        ValidateRegion(region);
        ArgumentNullException.ThrowIfNull(cursor);
        (byte[]? index, string? etag) = await GetListAsync(new Uri(_root, $"{_options.Container}/{region}/index.txt"), cursor.ETag, cancellationToken).ConfigureAwait(false);
        if (index is null)
        {
            return new ExportDownloadResult([], [], cursor, NotModified: true, Complete: true);
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(index);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ExportDownloadException(ExportDownloadError.MalformedList, "index.txt is not text.", ex);
        }

        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        int start = cursor.LastIndexEntry is { } last && Array.IndexOf(lines, last) is int at and >= 0 ? at + 1 : 0;
        var files = new List<DownloadedExport>();
        var rejected = new List<RejectedExport>();
        string? lastEntry = cursor.LastIndexEntry;
        for (int i = start; i < lines.Length; i++)
        {
            if (!Uri.TryCreate(_root, lines[i], out Uri? url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                throw new ExportDownloadException(ExportDownloadError.MalformedList, "index.txt holds an entry that is not a path.");
            }

            (bool fetched, DownloadedExport? file, RejectedExport? bad) = await FetchAsync(region, url, 0, lines[i], cancellationToken).ConfigureAwait(false);
            if (!fetched)
            {
                return new ExportDownloadResult(files, rejected, cursor with { LastIndexEntry = lastEntry, ETag = null }, NotModified: false, Complete: false);
            }

            AddResult(files, rejected, file, bad);
            lastEntry = lines[i];
        }

        return new ExportDownloadResult(files, rejected, cursor with { LastIndexEntry = lastEntry, ETag = etag }, NotModified: false, Complete: true);
    }

    private static void AddResult(List<DownloadedExport> files, List<RejectedExport> rejected, DownloadedExport? file, RejectedExport? bad)
    {
        if (file is not null)
        {
            files.Add(file);
        }
        else if (bad is not null)
        {
            rejected.Add(bad);
        }
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

    private async Task<(byte[]? Body, string? ETag)> GetListAsync(Uri url, string? etag, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (etag is not null && EntityTagHeaderValue.TryParse(etag, out EntityTagHeaderValue? tag))
        {
            request.Headers.IfNoneMatch.Add(tag);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            using HttpResponseMessage response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return (null, etag);
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new ExportDownloadException(ExportDownloadError.ListUnavailable, $"The list answered HTTP {(int)response.StatusCode}.");
            }

            byte[] body = await ReadLimitedAsync(response.Content, _options.MaxListBytes, timeout.Token).ConfigureAwait(false)
                ?? throw new ExportDownloadException(ExportDownloadError.MalformedList, $"The list is larger than {_options.MaxListBytes} bytes.");
            return (body, response.Headers.ETag?.ToString());
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ExportDownloadException(ExportDownloadError.ListUnavailable, "The list request timed out.", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ExportDownloadException(ExportDownloadError.ListUnavailable, "The list could not be downloaded.", ex);
        }
        catch (IOException ex)
        {
            throw new ExportDownloadException(ExportDownloadError.ListUnavailable, "The list could not be downloaded.", ex);
        }
    }

    internal static List<(Uri Url, long Created)> ParseListJson(byte[] list, string region)
    {
        var entries = new List<(Uri, long)>();
        try
        {
            using JsonDocument document = JsonDocument.Parse(list, new JsonDocumentOptions { MaxDepth = 4 });
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new ExportDownloadException(ExportDownloadError.MalformedList, "list.json is not a JSON array.");
            }

            foreach (JsonElement entry in document.RootElement.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object
                    || !entry.TryGetProperty("url", out JsonElement url) || url.ValueKind != JsonValueKind.String
                    || !entry.TryGetProperty("created", out JsonElement created) || created.ValueKind != JsonValueKind.Number || !created.TryGetInt64(out long createdValue)
                    || !Uri.TryCreate(url.GetString(), UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                {
                    throw new ExportDownloadException(ExportDownloadError.MalformedList, "list.json holds an entry without an absolute http(s) url and a numeric created time.");
                }

                // COCOA's server writes region as a string, its v2 app reads it as a number: accept both, skip other regions.
                string? entryRegion = entry.TryGetProperty("region", out JsonElement r)
                    ? r.ValueKind switch { JsonValueKind.String => r.GetString(), JsonValueKind.Number => r.GetRawText(), _ => null }
                    : region;
                if (string.Equals(entryRegion, region, StringComparison.Ordinal))
                {
                    entries.Add((uri, createdValue));
                }
            }
        }
        catch (JsonException ex)
        {
            throw new ExportDownloadException(ExportDownloadError.MalformedList, "list.json is not valid JSON.", ex);
        }

        return entries;
    }

    // fetched = false when the download failed (resume later); otherwise exactly one of file / rejected is set.
    private async Task<(bool Fetched, DownloadedExport? File, RejectedExport? Rejected)> FetchAsync(
        string region, Uri url, long created, string? indexEntry, CancellationToken cancellationToken)
    {
        byte[]? content;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(_options.RequestTimeout);
            try
            {
                using HttpResponseMessage response = await _httpClient.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
                {
                    // Listed but deleted (retention) or never written: it will not come back, so skip it.
                    return (true, null, new RejectedExport(url, created, null, $"The file answered HTTP {(int)response.StatusCode}."));
                }

                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return (false, null, null);
                }

                content = await ReadLimitedAsync(response.Content, _options.MaxFileBytes, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return (false, null, null);
            }
            catch (HttpRequestException)
            {
                return (false, null, null);
            }
            catch (IOException)
            {
                return (false, null, null);
            }
        }

        if (content is null)
        {
            return (true, null, new RejectedExport(url, created, ExportFormatError.TooLarge, $"The file is larger than {_options.MaxFileBytes} bytes."));
        }

        try
        {
            using var reader = ExportFileReader.Open(new MemoryStream(content, writable: false), _readerOptions);
            var file = new DownloadedExport(
                region, url, created, indexEntry, content, SHA256.HashData(content), reader.Batch, reader.KeyCount, reader.IsSignatureValid, _readerOptions);
            return (true, file, null);
        }
        catch (ExportFormatException ex)
        {
            return (true, null, new RejectedExport(url, created, ex.Error, ex.Message));
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
            byte[] chunk = new byte[81920];
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
}
