using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cocoa.Samples.NotificationServer.Publishing;
using Cocoa.Samples.NotificationServer.Storage;
using Cocoa.Sdk.Protocol;
using Microsoft.Extensions.Primitives;

namespace Cocoa.Samples.NotificationServer.Distribution;

/// <summary>
/// COCOA's download layout under <c>/c19r</c>: <c>{region}/list.json</c>, <c>{region}/{batch}.zip</c>, Google-style
/// <c>{region}/index.txt</c> and the signing public key <c>public.pem</c>. Zips are immutable; lists are short-lived
/// and revalidated with ETags, so a CDN in front serves nearly all traffic.
/// </summary>
internal static class ExportEndpoints
{
    public const string Container = "c19r";
    public const string ZipCacheControl = "public, max-age=31536000, immutable";
    public const string ListCacheControl = "public, max-age=60, must-revalidate";

    public static void Map(WebApplication app)
    {
        app.MapGet($"/{Container}/public.pem", (SigningKey key) =>
            Results.Text(key.PublicKeyPem, "application/x-pem-file", Encoding.ASCII));
        app.MapGet($"/{Container}/{{region}}/list.json", ListJsonAsync);
        app.MapGet($"/{Container}/{{region}}/index.txt", IndexTxtAsync);
        app.MapGet($"/{Container}/{{region}}/{{file}}", ZipAsync);
    }

    private static async Task ListJsonAsync(HttpContext context, string region, IKeyStore store, NotificationServerOptions options)
    {
        if (!options.Regions.Contains(region))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        IReadOnlyList<ExportFileEntry> files = await store.ListFilesAsync(region, context.RequestAborted);
        string baseUrl = BaseUrl(context, options);
        byte[] list = ExportList.WriteListJson(files.Select(f => new ExportListEntry(f.Region, new Uri($"{baseUrl}/{ExportList.ZipPath(Container, f.Region, f.Id)}"), f.Created)));
        await WriteCachedAsync(context, list, ExportList.ListJsonContentType, ListCacheControl);
    }

    private static async Task IndexTxtAsync(HttpContext context, string region, IKeyStore store, NotificationServerOptions options)
    {
        if (!options.Regions.Contains(region))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        IReadOnlyList<ExportFileEntry> files = await store.ListFilesAsync(region, context.RequestAborted);
        byte[] index = ExportList.WriteIndexTxt(files.Select(f => ExportList.ZipPath(Container, f.Region, f.Id)));
        await WriteCachedAsync(context, index, ExportList.IndexTxtContentType, ListCacheControl);
    }

    private static async Task ZipAsync(HttpContext context, string region, string file, IKeyStore store)
    {
        if (!file.EndsWith(".zip", StringComparison.Ordinal)
            || !long.TryParse(file.AsSpan(0, file.Length - 4), NumberStyles.None, CultureInfo.InvariantCulture, out long id))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        string etag = context.Request.Headers.IfNoneMatch.ToString();
        ExportFileBlob? blob = await store.GetFileAsync(region, id, context.RequestAborted);
        if (blob is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.Headers.CacheControl = "no-store";
            return;
        }

        string ownTag = $"\"{Convert.ToHexStringLower(blob.Entry.Sha256)}\"";
        context.Response.Headers.ETag = ownTag;
        context.Response.Headers.CacheControl = ZipCacheControl;
        if (etag.Length > 0 && EtagMatches(etag, ownTag))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        context.Response.ContentType = "application/zip";
        context.Response.ContentLength = blob.Content.Length;
        await context.Response.Body.WriteAsync(blob.Content, context.RequestAborted);
    }

    private static async Task WriteCachedAsync(HttpContext context, byte[] content, string contentType, string cacheControl)
    {
        string tag = $"\"{Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 16))}\"";
        context.Response.Headers.ETag = tag;
        context.Response.Headers.CacheControl = cacheControl;
        if (EtagMatches(context.Request.Headers.IfNoneMatch, tag))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        context.Response.ContentType = contentType;
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
