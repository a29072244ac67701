using System.Globalization;
using System.Text;
using System.Text.Json;
using Cocoa.Samples.NotificationServer.Storage;

namespace Cocoa.Samples.NotificationServer.ExportStorage;

/// <summary>
/// COCOA's download layout, in one place for the server's own endpoints and every export store:
/// <c>{container}/{region}/list.json</c>, <c>{container}/{region}/{id}.zip</c>, Google-style
/// <c>{container}/{region}/index.txt</c> and the signing public key <c>{container}/public.pem</c>, each with its media type
/// and cache lifetime (zips never change; lists change with every publish and are revalidated with ETags).
/// </summary>
internal sealed class ExportLayout(string container, TimeSpan listMaxAge)
{
    /// <summary>COCOA's container name.</summary>
    public const string DefaultContainer = "c19r";

    /// <summary><c>Cache-Control</c> of a zip: it never changes once written.</summary>
    public const string ZipCacheControl = "public, max-age=31536000, immutable";

    /// <summary>The container: the first path segment of every object URL.</summary>
    public string Container { get; } = container;

    /// <summary><c>Cache-Control</c> of <c>list.json</c>, <c>index.txt</c> and <c>public.pem</c>: short-lived, then revalidated.</summary>
    public string ListCacheControl { get; } =
        $"public, max-age={((long)listMaxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture)}, must-revalidate";

    /// <summary>Path of a region's list, relative to the container.</summary>
    public static string ListPath(string region) => $"{region}/list.json";

    /// <summary>Path of a region's index, relative to the container.</summary>
    public static string IndexPath(string region) => $"{region}/index.txt";

    /// <summary>Path of an export file, relative to the container.</summary>
    public static string ZipPath(string region, long id) => $"{region}/{id.ToString(CultureInfo.InvariantCulture)}.zip";

    /// <summary>Path of the signing public key, relative to the container.</summary>
    public const string PublicKeyPath = "public.pem";

    /// <summary>The media type of the object at <paramref name="path"/>.</summary>
    public static string ContentTypeOf(string path) =>
        path.EndsWith(".zip", StringComparison.Ordinal) ? "application/zip"
        : path.EndsWith(".json", StringComparison.Ordinal) ? "application/json"
        : path.EndsWith(".pem", StringComparison.Ordinal) ? "application/x-pem-file"
        : "text/plain; charset=us-ascii";

    /// <summary>The <c>Cache-Control</c> value of the object at <paramref name="path"/>.</summary>
    public string CacheControlOf(string path) => path.EndsWith(".zip", StringComparison.Ordinal) ? ZipCacheControl : ListCacheControl;

    /// <summary>COCOA's <c>list.json</c>: <c>[{"region", "url", "created"}]</c>, oldest first, URLs under <paramref name="baseUrl"/>.</summary>
    public byte[] RenderList(IReadOnlyList<ExportFileEntry> files, string baseUrl)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (ExportFileEntry file in files)
            {
                writer.WriteStartObject();
                writer.WriteString("region", file.Region);
                writer.WriteString("url", $"{baseUrl.TrimEnd('/')}/{Container}/{ZipPath(file.Region, file.Id)}");
                writer.WriteNumber("created", file.Created);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return buffer.ToArray();
    }

    /// <summary>Google-style <c>index.txt</c>: one <c>{container}/{region}/{id}.zip</c> per line, oldest first.</summary>
    public byte[] RenderIndex(IReadOnlyList<ExportFileEntry> files)
    {
        var text = new StringBuilder();
        foreach (ExportFileEntry file in files)
        {
            text.Append(Container).Append('/').Append(ZipPath(file.Region, file.Id)).Append('\n');
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>Whether <paramref name="name"/> is a valid container name (Azure's rule: 3–63 of a–z, 0–9 and single inner hyphens).</summary>
    public static bool IsValidContainer(string name) =>
        name.Length is >= 3 and <= 63
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && name[0] != '-' && name[^1] != '-' && !name.Contains("--", StringComparison.Ordinal);
}
