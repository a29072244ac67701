using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Cocoa.Sdk.Http;

namespace Cocoa.Sdk.Runtime;

/// <summary>The kind of list a notification server publishes per region.</summary>
public enum ExportListFormat
{
    /// <summary>COCOA's <c>{container}/{region}/list.json</c> (<c>[{"region","url","created"}]</c>).</summary>
    CocoaListJson = 0,

    /// <summary>Google's <c>{container}/{region}/index.txt</c> (one file path per line).</summary>
    IndexTxt = 1,
}

/// <summary>
/// Feeds exposure checks from a notification server through <see cref="ExportDownloadClient"/>: listing downloads the new
/// files after the stored cursor (conditional request with the stored ETag, only files newer than the cursor), and each
/// file's cursor is stored by the runtime once that file is fully processed.
/// </summary>
/// <threadsafety>All members are thread-safe.</threadsafety>
public sealed class HttpExportFileSource : IExportFileSource
{
    private const string IncompletePrefix = "incomplete:";
    private readonly ExportDownloadClient _client;
    private readonly ExportListFormat _format;
    private readonly ConcurrentDictionary<string, ReadOnlyMemory<byte>> _downloaded = new(StringComparer.Ordinal);

    /// <summary>Creates the source.</summary>
    /// <param name="client">The download client (base address, container, trusted keys).</param>
    /// <param name="format">The list format the server publishes.</param>
    public HttpExportFileSource(ExportDownloadClient client, ExportListFormat format = ExportListFormat.CocoaListJson)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _format = format;
    }

    /// <inheritdoc/>
    /// <exception cref="ExportDownloadException">The list is malformed, or could not be fetched (retried by the runtime).</exception>
    /// <exception cref="IOException">No new file could be downloaded (retried by the runtime; the next check resumes).</exception>
    public async Task<IReadOnlyList<ExportFileReference>> ListFilesAsync(string region, string? afterCursor, CancellationToken cancellationToken)
    {
        ExportCursor cursor = ParseCursor(afterCursor);
        ExportDownloadResult result = _format == ExportListFormat.IndexTxt
            ? await _client.GetNewExportsFromIndexAsync(region, cursor, cancellationToken).ConfigureAwait(false)
            : await _client.GetNewExportsAsync(region, cursor, cancellationToken).ConfigureAwait(false);
        if (!result.Complete && result.Files.Count == 0)
        {
            throw new IOException($"A new export file of region {region} could not be downloaded.");
        }

        var references = new List<ExportFileReference>(result.Files.Count);
        for (int i = 0; i < result.Files.Count; i++)
        {
            DownloadedExport file = result.Files[i];
            ExportCursor fileCursor = i == result.Files.Count - 1 && result.Complete
                ? result.Cursor // the last file also covers rejected files listed after it, and keeps the list's ETag
                : new ExportCursor(file.Created, file.IndexEntry ?? cursor.LastIndexEntry);
            string location = file.Url.AbsoluteUri;
            _downloaded[location] = file.Content;
            references.Add(new ExportFileReference(region, location, FormatCursor(fileCursor)));
        }

        if (!result.Complete)
        {
            // A later file failed to download: the runtime processes the files before it, then stops the region here.
            references.Add(new ExportFileReference(region, IncompletePrefix + region, FormatCursor(result.Cursor)));
        }

        return references;
    }

    /// <inheritdoc/>
    public Task<Stream> OpenFileAsync(ExportFileReference file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        cancellationToken.ThrowIfCancellationRequested();
        if (file.Location.StartsWith(IncompletePrefix, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the next export file could not be downloaded; the next check resumes there.");
        }

        if (!_downloaded.TryRemove(file.Location, out ReadOnlyMemory<byte> content))
        {
            throw new FileNotFoundException($"{file.Location} was not downloaded by the last listing; the next check lists it again.");
        }

        return Task.FromResult<Stream>(new MemoryStream(content.ToArray(), writable: false));
    }

    internal static string FormatCursor(ExportCursor cursor)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("created", cursor.LastCreated);
            if (cursor.LastIndexEntry is not null)
            {
                writer.WriteString("index", cursor.LastIndexEntry);
            }

            if (cursor.ETag is not null)
            {
                writer.WriteString("etag", cursor.ETag);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    internal static ExportCursor ParseCursor(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return ExportCursor.Initial;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long created))
        {
            return new ExportCursor(created);
        }

        try
        {
            using JsonDocument doc = JsonDocument.Parse(text);
            JsonElement root = doc.RootElement;
            return new ExportCursor(
                root.TryGetProperty("created", out JsonElement c) ? c.GetInt64() : 0,
                root.TryGetProperty("index", out JsonElement i) ? i.GetString() : null,
                root.TryGetProperty("etag", out JsonElement e) ? e.GetString() : null);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return ExportCursor.Initial; // an unreadable cursor only costs a re-download; processed files are skipped by hash
        }
    }
}
