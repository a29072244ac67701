using System.Text;
using System.Text.Json;

namespace Cocoa.Sdk.Runtime;

/// <summary>
/// How far a device has processed a region's export files: the largest <c>created</c> value of COCOA's <c>list.json</c>
/// (COCOA's <c>LastProcessTekTimestamp</c>; a sequence number for other sources), the last <c>index.txt</c> entry
/// (Google's "last seen" method) and the list's ETag for a conditional request. The runtime stores it only after the
/// file it belongs to was matched and its results committed.
/// </summary>
/// <param name="LastCreated">The largest <c>created</c> value processed (an opaque monotonic number; 0 = nothing yet).</param>
/// <param name="LastIndexEntry">The last processed <c>index.txt</c> entry, or <see langword="null"/>.</param>
/// <param name="ETag">The ETag of the list when everything in it was processed, or <see langword="null"/>.</param>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record ExportCursor(long LastCreated = 0, string? LastIndexEntry = null, string? ETag = null)
{
    /// <summary>Gets the cursor of a device that has processed nothing.</summary>
    public static ExportCursor Initial { get; } = new();

    /// <summary>Writes the cursor as a small JSON object (<c>{"created":n,"index":"…","etag":"…"}</c>) for storage.</summary>
    /// <returns>The JSON text.</returns>
    public string Serialize()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("created", LastCreated);
            if (LastIndexEntry is not null)
            {
                writer.WriteString("index", LastIndexEntry);
            }

            if (ETag is not null)
            {
                writer.WriteString("etag", ETag);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Reads a cursor written by <see cref="Serialize"/>.</summary>
    /// <param name="text">The stored text.</param>
    /// <param name="cursor">The cursor, or <see langword="null"/> when the text is not one.</param>
    /// <returns>Whether the text was a cursor.</returns>
    public static bool TryParse(string? text, out ExportCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 2 });
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("created", out JsonElement created) || created.ValueKind != JsonValueKind.Number
                || !created.TryGetInt64(out long lastCreated) || lastCreated < 0)
            {
                return false;
            }

            string? index = root.TryGetProperty("index", out JsonElement i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
            string? etag = root.TryGetProperty("etag", out JsonElement e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            cursor = new ExportCursor(lastCreated, index, etag);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
