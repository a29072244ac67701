using System.Globalization;
using Cocoa.Samples.NotificationServer.Storage;
using Cocoa.Sdk.Protocol;

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
        : path.EndsWith(".json", StringComparison.Ordinal) ? ExportList.ListJsonContentType
        : path.EndsWith(".pem", StringComparison.Ordinal) ? "application/x-pem-file"
        : ExportList.IndexTxtContentType;

    /// <summary>The <c>Cache-Control</c> value of the object at <paramref name="path"/>.</summary>
    public string CacheControlOf(string path) => path.EndsWith(".zip", StringComparison.Ordinal) ? ZipCacheControl : ListCacheControl;

    /// <summary>COCOA's <c>list.json</c> (the library's <see cref="ExportList"/>), oldest first, URLs under <paramref name="baseUrl"/>.</summary>
    public byte[] RenderList(IReadOnlyList<ExportFileEntry> files, string baseUrl)
    {
        string root = baseUrl.TrimEnd('/');
        return ExportList.WriteListJson(files.Select(f => new ExportListEntry(f.Region, new Uri($"{root}/{ExportList.ZipPath(Container, f.Region, f.Id)}"), f.Created)));
    }

    /// <summary>Google-style <c>index.txt</c> (the library's <see cref="ExportList"/>): one <c>{container}/{region}/{id}.zip</c> per line, oldest first.</summary>
    public byte[] RenderIndex(IReadOnlyList<ExportFileEntry> files) =>
        ExportList.WriteIndexTxt(files.Select(f => ExportList.ZipPath(Container, f.Region, f.Id)));

    /// <summary>Whether <paramref name="name"/> is a valid container name (Azure's rule: 3–63 of a–z, 0–9 and single inner hyphens).</summary>
    public static bool IsValidContainer(string name) =>
        name.Length is >= 3 and <= 63
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && name[0] != '-' && name[^1] != '-' && !name.Contains("--", StringComparison.Ordinal);
}
