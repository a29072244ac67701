using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Cocoa.Sdk.Protocol;

/// <summary>One entry of COCOA's <c>{container}/{region}/list.json</c>.</summary>
/// <param name="Region">The region (written as a string, as COCOA's server does; read as a string or a number).</param>
/// <param name="Url">The absolute URL of the export zip.</param>
/// <param name="Created">An opaque number that grows with each publication (COCOA: Unix milliseconds).</param>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record ExportListEntry(string Region, Uri Url, long Created);

/// <summary>
/// The export file lists a notification server publishes per region — COCOA's <c>list.json</c> and Google's
/// <c>index.txt</c> — written by the server and read by <c>ExportDownloadClient</c> (Cocoa.Sdk.Device) with this one implementation.
/// </summary>
public static class ExportList
{
    /// <summary>The media type of <c>list.json</c>.</summary>
    public const string ListJsonContentType = "application/json";

    /// <summary>The media type of <c>index.txt</c>.</summary>
    public const string IndexTxtContentType = "text/plain; charset=utf-8";

    /// <summary>Writes <c>list.json</c>: <c>[{"region":"440","url":"…","created":n}, …]</c>.</summary>
    /// <param name="entries">The entries, oldest first.</param>
    /// <returns>The UTF-8 JSON.</returns>
    public static byte[] WriteListJson(IEnumerable<ExportListEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (ExportListEntry entry in entries)
            {
                writer.WriteStartObject();
                writer.WriteString("region", entry.Region);
                writer.WriteString("url", entry.Url.AbsoluteUri);
                writer.WriteNumber("created", entry.Created);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return buffer.ToArray();
    }

    /// <summary>Reads <c>list.json</c> and keeps the entries of <paramref name="region"/> (an entry without a region belongs to it).</summary>
    /// <param name="utf8Json">The list.</param>
    /// <param name="region">The region wanted.</param>
    /// <returns>The region's entries, in list order.</returns>
    /// <exception cref="ProtocolFormatException">The list is not an array of entries with an absolute http(s) url and a numeric created.</exception>
    public static IReadOnlyList<ExportListEntry> ParseListJson(ReadOnlyMemory<byte> utf8Json, string region)
    {
        var entries = new List<ExportListEntry>();
        try
        {
            using JsonDocument document = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { MaxDepth = 4 });
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw ProtocolFormatException.Field("list.json", "a JSON array");
            }

            int index = 0;
            foreach (JsonElement entry in document.RootElement.EnumerateArray())
            {
                string path = $"list.json[{index++}]";
                if (entry.ValueKind != JsonValueKind.Object
                    || !entry.TryGetProperty("url", out JsonElement url) || url.ValueKind != JsonValueKind.String
                    || !Uri.TryCreate(url.GetString(), UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                {
                    throw ProtocolFormatException.Field(path, "an object with an absolute http(s) url");
                }

                if (!entry.TryGetProperty("created", out JsonElement created) || !created.TryGetInt64(out long createdValue))
                {
                    throw ProtocolFormatException.Field(path + ".created", "an integer");
                }

                // COCOA's server writes region as a string, its v2 app read it as a number: accept both.
                string? entryRegion = entry.TryGetProperty("region", out JsonElement r)
                    ? r.ValueKind switch { JsonValueKind.String => r.GetString(), JsonValueKind.Number => r.GetRawText(), _ => null }
                    : region;
                if (string.Equals(entryRegion, region, StringComparison.Ordinal))
                {
                    entries.Add(new ExportListEntry(region, uri, createdValue));
                }
            }
        }
        catch (JsonException ex)
        {
            throw new ProtocolFormatException("list.json is not valid JSON", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new ProtocolFormatException("list.json holds a created value that is not a number", ex);
        }

        return entries;
    }

    /// <summary>Writes Google's <c>index.txt</c>: one path per line, relative to the server root, oldest first.</summary>
    /// <param name="paths">The paths, e.g. <c>c19r/440/12.zip</c>.</param>
    /// <returns>The UTF-8 text.</returns>
    public static byte[] WriteIndexTxt(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var text = new StringBuilder();
        foreach (string path in paths)
        {
            text.Append(path).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Reads <c>index.txt</c>: its non-empty lines, trimmed.</summary>
    /// <param name="utf8Text">The index.</param>
    /// <returns>The paths, in order.</returns>
    /// <exception cref="ProtocolFormatException">The index is not UTF-8 text.</exception>
    public static IReadOnlyList<string> ParseIndexTxt(ReadOnlySpan<byte> utf8Text)
    {
        try
        {
            string text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(utf8Text);
            return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ProtocolFormatException("index.txt is not UTF-8 text", ex);
        }
    }

    /// <summary>The path of a region's export zip under a container, e.g. <c>c19r/440/12.zip</c>.</summary>
    /// <param name="container">The container (COCOA: <c>c19r</c>).</param>
    /// <param name="region">The region.</param>
    /// <param name="id">The file's id.</param>
    /// <returns>The relative path.</returns>
    public static string ZipPath(string container, string region, long id) =>
        string.Create(CultureInfo.InvariantCulture, $"{container}/{region}/{id}.zip");
}
