namespace Cocoa.Samples.NotificationServer.ExportStorage;

/// <summary>
/// Where published export objects live for phones to download: the zips, <c>list.json</c>, <c>index.txt</c> and
/// <c>public.pem</c>, at the paths of <see cref="ExportLayout"/>. Implementations: <see cref="LocalExportStore"/> (the data
/// directory; the default, no setup) and <see cref="BlobExportStore"/> (Azure Blob Storage, shared by every instance and
/// served through a CDN). Every write replaces an object whole, so a reader sees the old or the new content, never a mix.
/// </summary>
internal interface IExportStore
{
    /// <summary>The base URL under which this store's objects can be downloaded directly (the blob endpoint), or null when
    /// only the server serves them (the data directory).</summary>
    Uri? DirectBaseUrl { get; }

    /// <summary>Prepares the store (creates the container or directory); safe to call from several instances at once.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="content"/> at <paramref name="path"/> with the layout's content type and cache
    /// lifetime, replacing any previous object.</summary>
    Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Reads the object at <paramref name="path"/>, or null when there is none.</summary>
    Task<ExportObject?> ReadAsync(string path, CancellationToken cancellationToken);

    /// <summary>Deletes the object at <paramref name="path"/> if it exists.</summary>
    Task DeleteAsync(string path, CancellationToken cancellationToken);
}

/// <summary>One stored object.</summary>
/// <param name="Content">Its bytes.</param>
/// <param name="ETag">The store's entity tag, quoted (changes whenever the object is written).</param>
/// <param name="ContentType">Its media type.</param>
/// <param name="CacheControl">Its <c>Cache-Control</c> value.</param>
internal sealed record ExportObject(byte[] Content, string ETag, string ContentType, string CacheControl);

/// <summary>Writing to the export store failed (the store is unreachable or refused the write).</summary>
internal sealed class ExportStoreException(string message, Exception? inner = null) : Exception(message, inner);
