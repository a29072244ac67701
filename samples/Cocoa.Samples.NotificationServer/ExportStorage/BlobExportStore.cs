using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Cocoa.Samples.NotificationServer.ExportStorage;

/// <summary>
/// Export objects as blobs <c>{container}/{path}</c> in Azure Blob Storage (COCOA's layout), each with its
/// <c>Content-Type</c> and <c>Cache-Control</c> so that a CDN in front caches zips for good and lists briefly. Every upload
/// is a single Put Blob, which Azure applies atomically. The container is created with anonymous read access to blobs
/// (not to listings) so a CDN can fetch them; where the account forbids that, it is private and the CDN fronts the server.
/// </summary>
internal sealed class BlobExportStore : IExportStore
{
    private readonly BlobContainerClient _container;
    private readonly ExportLayout _layout;

    public BlobExportStore(string connectionString, ExportLayout layout)
    {
        _layout = layout;
        try
        {
            _container = new BlobContainerClient(connectionString, layout.Container);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new OptionsException("--blob-connection-string: expected an Azure Storage connection string (AccountName=…;AccountKey=…;BlobEndpoint=… or DefaultEndpointsProtocol=…), got one that does not parse.");
        }
    }

    public Uri? DirectBaseUrl
    {
        get
        {
            // The container's URL without its last segment: objects are then at {base}/{container}/{path}.
            string container = _container.Uri.AbsoluteUri.TrimEnd('/');
            return new Uri(container[..container.LastIndexOf('/')]);
        }
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Exports are public data: blobs are readable anonymously (as the CDN fetches them) but the container cannot be
            // listed. An account that forbids public access gets a private container; then the CDN must front the server.
            await _container.CreateIfNotExistsAsync(PublicAccessType.Blob, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == "PublicAccessNotPermitted")
        {
            await CreatePrivateAsync(cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            throw new ExportStoreException($"Cannot create blob container {_layout.Container}: {ex.Status} {ex.ErrorCode}", ex);
        }
    }

    private async Task CreatePrivateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _container.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            throw new ExportStoreException($"Cannot create blob container {_layout.Container}: {ex.Status} {ex.ErrorCode}", ex);
        }
    }

    public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = ExportLayout.ContentTypeOf(path), CacheControl = _layout.CacheControlOf(path) },
        };
        try
        {
            await _container.GetBlobClient(path).UploadAsync(BinaryData.FromBytes(content), options, cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            throw new ExportStoreException($"Cannot write blob {_layout.Container}/{path}: {ex.Status} {ex.ErrorCode}", ex);
        }
    }

    public async Task<ExportObject?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            Response<BlobDownloadResult> result = await _container.GetBlobClient(path).DownloadContentAsync(cancellationToken);
            BlobDownloadDetails details = result.Value.Details;
            return new ExportObject(
                result.Value.Content.ToArray(),
                details.ETag.ToString("H"),
                details.ContentType ?? ExportLayout.ContentTypeOf(path),
                details.CacheControl ?? _layout.CacheControlOf(path));
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException ex)
        {
            throw new ExportStoreException($"Cannot read blob {_layout.Container}/{path}: {ex.Status} {ex.ErrorCode}", ex);
        }
    }

    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await _container.GetBlobClient(path).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            throw new ExportStoreException($"Cannot delete blob {_layout.Container}/{path}: {ex.Status} {ex.ErrorCode}", ex);
        }
    }
}
