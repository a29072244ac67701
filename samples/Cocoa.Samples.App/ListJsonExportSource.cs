using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Cocoa.Sdk.Runtime;

namespace Cocoa.Samples.App;

/// <summary>
/// Lists and downloads the notification server's export files in COCOA's layout: <c>GET {base}/c19r/{region}/list.json</c>
/// (<c>[{"region","url","created"}]</c>) and the zips it lists. The cursor is the <c>created</c> value of the last file
/// processed. The runtime verifies every file's signature before matching.
/// </summary>
public sealed class ListJsonExportSource : IExportFileSource
{
    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly string _container;

    /// <summary>Creates the source.</summary>
    /// <param name="http">The HTTP client (not disposed here).</param>
    /// <param name="baseAddress">The notification server's (or CDN's) base address.</param>
    /// <param name="container">The container path segment (COCOA: <c>c19r</c>).</param>
    public ListJsonExportSource(HttpClient http, Uri baseAddress, string container = "c19r")
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(baseAddress);
        _http = http;
        _base = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        _container = container;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ExportFileReference>> ListFilesAsync(string region, string? afterCursor, CancellationToken cancellationToken)
    {
        long after = afterCursor is null ? 0 : long.Parse(afterCursor, NumberStyles.None, CultureInfo.InvariantCulture);
        var uri = new Uri(_base, $"{_container}/{Uri.EscapeDataString(region)}/list.json");
        using HttpResponseMessage response = await _http.GetAsync(uri, cancellationToken);
        response.EnsureSuccessStatusCode();
        ListEntry[] entries = await response.Content.ReadFromJsonAsync<ListEntry[]>(JsonOptions, cancellationToken)
            ?? throw new InvalidDataException("list.json is empty.");
        return entries
            .Where(e => e.Created > after && string.Equals(e.Region, region, StringComparison.Ordinal) && e.Url is not null)
            .OrderBy(e => e.Created)
            .Select(e => new ExportFileReference(region, e.Url!, e.Created.ToString(CultureInfo.InvariantCulture)))
            .ToList();
    }

    /// <inheritdoc/>
    public async Task<Stream> OpenFileAsync(ExportFileReference file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        HttpResponseMessage response = await _http.GetAsync(new Uri(_base, file.Location), HttpCompletionOption.ResponseContentRead, cancellationToken);
        try
        {
            response.EnsureSuccessStatusCode();
            var copy = new MemoryStream();
            await response.Content.CopyToAsync(copy, cancellationToken);
            copy.Position = 0;
            return copy;
        }
        finally
        {
            response.Dispose();
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private sealed record ListEntry(string? Region, string? Url, long Created);
}
