using System.Text;
using Cocoa.Samples.NotificationServer.ExportStorage;
using Cocoa.Samples.NotificationServer.Storage;

namespace Cocoa.Samples.NotificationServer.Publishing;

/// <summary>
/// Moves what the database has published into the export store, in the order that keeps every list true: first the zips
/// not yet stored (also those a crashed instance committed but never uploaded), then the records that they are stored,
/// then <c>list.json</c> and <c>index.txt</c> naming only stored zips, and only then the zips of expired files are removed.
/// Runs under the region's publishing lease, so one instance at a time writes a region's lists.
/// </summary>
internal sealed class ExportDistributor(
    IKeyStore store,
    IExportStore exports,
    ExportLayout layout,
    NotificationServerOptions options,
    TimeProvider timeProvider,
    ILogger<ExportDistributor> logger)
{
    /// <summary>The base URL that stored lists link to: <c>--public-url</c> (the CDN), else the store's own endpoint; null
    /// for the data directory without a public URL, where the server renders lists per request instead.</summary>
    public Uri? ListBaseUrl => options.PublicUrl ?? exports.DirectBaseUrl;

    /// <summary>Writes the signing public key if the store does not already hold exactly this key.</summary>
    public Task PublishPublicKeyAsync(string pem, CancellationToken cancellationToken) =>
        WriteIfChangedAsync(ExportLayout.PublicKeyPath, Encoding.ASCII.GetBytes(pem), cancellationToken);

    /// <summary>Stores the region's unstored zips, rewrites its lists, then deletes the zips of <paramref name="expired"/> files.</summary>
    /// <returns>The number of zips written.</returns>
    public async Task<int> DistributeAsync(string region, IReadOnlyList<ExportFileEntry> expired, CancellationToken cancellationToken)
    {
        IReadOnlyList<ExportFileBlob> pending = await store.GetUnstoredFilesAsync(region, cancellationToken);
        foreach (ExportFileBlob file in pending)
        {
            await exports.WriteAsync(ExportLayout.ZipPath(region, file.Entry.Id), file.Content, cancellationToken);
        }

        if (pending.Count > 0)
        {
            await store.MarkStoredAsync([.. pending.Select(f => f.Entry.Id)], timeProvider.GetUtcNow().ToUnixTimeSeconds(), cancellationToken);
        }

        IReadOnlyList<ExportFileEntry> listed = await store.ListFilesAsync(region, cancellationToken);
        if (ListBaseUrl is { } baseUrl)
        {
            await WriteIfChangedAsync(ExportLayout.ListPath(region), layout.RenderList(listed, baseUrl.AbsoluteUri), cancellationToken);
        }

        await WriteIfChangedAsync(ExportLayout.IndexPath(region), layout.RenderIndex(listed), cancellationToken);
        foreach (ExportFileEntry file in expired)
        {
            await exports.DeleteAsync(ExportLayout.ZipPath(region, file.Id), cancellationToken);
        }

        if (pending.Count > 0 || expired.Count > 0)
        {
            logger.LogInformation("Region {Region}: stored {Stored} zips in the export store, removed {Removed}; {Listed} listed", region, pending.Count, expired.Count, listed.Count);
        }

        return pending.Count;
    }

    // An unchanged object is not rewritten, so its ETag stays and phones and the CDN keep getting 304s.
    private async Task WriteIfChangedAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        ExportObject? current = await exports.ReadAsync(path, cancellationToken);
        if (current is null || !current.Content.AsSpan().SequenceEqual(content) || current.CacheControl != layout.CacheControlOf(path))
        {
            await exports.WriteAsync(path, content, cancellationToken);
        }
    }
}
