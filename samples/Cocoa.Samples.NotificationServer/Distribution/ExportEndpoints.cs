using System.Security.Cryptography;
using System.Text;
using Cocoa.Samples.NotificationServer.ExportStorage;
using Cocoa.Samples.NotificationServer.Publishing;
using Cocoa.Samples.NotificationServer.Storage;
using Microsoft.Extensions.Primitives;

namespace Cocoa.Samples.NotificationServer.Distribution;

/// <summary>
/// COCOA's download layout (<see cref="ExportLayout"/>) served by the server itself under <c>/{container}</c>: lists
/// rendered from the database (only files whose zips are in the export store), zips read from the export store. Zips are
/// immutable; lists are short-lived and revalidated with ETags, so a CDN in front serves nearly all traffic. With
/// <c>--public-url</c> every instance renders byte-identical lists, equal to the ones stored for the CDN.
/// </summary>
internal static class ExportEndpoints
{
    public static void Map(WebApplication app, ExportLayout layout)
    {
        string container = layout.Container;
        app.MapGet($"/{container}/public.pem", (HttpContext context, SigningKey key) =>
            WriteCachedAsync(context, Encoding.ASCII.GetBytes(key.PublicKeyPem), ExportLayout.PublicKeyPath, layout));
        app.MapGet($"/{container}/{{region}}/list.json", ListJsonAsync);
        app.MapGet($"/{container}/{{region}}/index.txt", IndexTxtAsync);
        app.MapGet($"/{container}/{{region}}/{{file}}", ZipAsync);
    }

    private static async Task ListJsonAsync(HttpContext context, string region, IKeyStore store, ExportLayout layout, NotificationServerOptions options)
    {
        if (!options.Regions.Contains(region))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        IReadOnlyList<ExportFileEntry> files = await store.ListFilesAsync(region, context.RequestAborted);
        await WriteCachedAsync(context, layout.RenderList(files, BaseUrl(context, options)), ExportLayout.ListPath(region), layout);
    }

    private static async Task IndexTxtAsync(HttpContext context, string region, IKeyStore store, ExportLayout layout, NotificationServerOptions options)
    {
        if (!options.Regions.Contains(region))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        IReadOnlyList<ExportFileEntry> files = await store.ListFilesAsync(region, context.RequestAborted);
        await WriteCachedAsync(context, layout.RenderIndex(files), ExportLayout.IndexPath(region), layout);
    }

    private static async Task ZipAsync(HttpContext context, string region, string file, IKeyStore store, IExportStore exports, NotificationServerOptions options)
    {
        if (!options.Regions.Contains(region)
            || !file.EndsWith(".zip", StringComparison.Ordinal)
            || !long.TryParse(file.AsSpan(0, file.Length - 4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long id))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        ExportFileEntry? entry = await store.GetFileAsync(region, id, context.RequestAborted);
        ExportObject? zip = entry is null ? null : await exports.ReadAsync(ExportLayout.ZipPath(region, id), context.RequestAborted);
        if (entry is null || zip is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.Headers.CacheControl = "no-store";
            return;
        }

        string tag = $"\"{Convert.ToHexStringLower(entry.Sha256)}\"";
        context.Response.Headers.ETag = tag;
        context.Response.Headers.CacheControl = ExportLayout.ZipCacheControl;
        if (EtagMatches(context.Request.Headers.IfNoneMatch, tag))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        context.Response.ContentType = ExportLayout.ContentTypeOf(ExportLayout.ZipPath(region, id));
        context.Response.ContentLength = zip.Content.Length;
        await context.Response.Body.WriteAsync(zip.Content, context.RequestAborted);
    }

    private static async Task WriteCachedAsync(HttpContext context, byte[] content, string path, ExportLayout layout)
    {
        string tag = $"\"{Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 16))}\"";
        context.Response.Headers.ETag = tag;
        context.Response.Headers.CacheControl = layout.CacheControlOf(path);
        if (EtagMatches(context.Request.Headers.IfNoneMatch, tag))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        context.Response.ContentType = ExportLayout.ContentTypeOf(path);
        context.Response.ContentLength = content.Length;
        await context.Response.Body.WriteAsync(content, context.RequestAborted);
    }

    private static bool EtagMatches(StringValues ifNoneMatch, string tag)
    {
        foreach (string? header in ifNoneMatch)
        {
            foreach (string candidate in (header ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (candidate == "*" || candidate == tag || candidate == "W/" + tag)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string BaseUrl(HttpContext context, NotificationServerOptions options) =>
        options.PublicUrl is { } url ? url.AbsoluteUri.TrimEnd('/') : $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";
}
