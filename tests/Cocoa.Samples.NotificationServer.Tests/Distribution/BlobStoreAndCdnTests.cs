using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Cocoa.Samples.NotificationServer.Storage;
using Cocoa.Samples.NotificationServer.Tests.Infrastructure;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Http;
using Cocoa.Sdk.Runtime;
using Cocoa.TestInfrastructure;
using Xunit;

namespace Cocoa.Samples.NotificationServer.Tests.Distribution;

/// <summary>
/// The exports in Azure Blob Storage (a private Azurite) behind the repository's nginx CDN configuration
/// (<c>deploy/nginx-cdn.conf</c>), downloaded by the SDK's <see cref="ExportDownloadClient"/> as a phone would.
/// </summary>
[Requires(MachineDependency.Azurite, MachineDependency.Nginx)]
public sealed class BlobStoreAndCdnTests : IAsyncLifetime
{
    private PrivateAzurite? _azurite;
    private PrivateNginx? _cdn;
    private NotificationServerHost? _server;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _azurite = await PrivateAzurite.StartAsync();
        string template = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "samples", "Cocoa.Samples.NotificationServer", "deploy", "nginx-cdn.conf"));
        _cdn = await PrivateNginx.StartAsync(template, new Dictionary<string, string>
        {
            ["ORIGIN"] = $"{_azurite.BlobEndpoint}/c19r/",
            ["ORIGIN_HOST"] = $"127.0.0.1:{_azurite.Port}",
            ["CONTAINER"] = "c19r",
        });
        _server = await NotificationServerHost.StartAsync(
            "http://127.0.0.1:9/",
            extraArgs:
            [
                "--blob-connection-string", _azurite.ConnectionString,
                "--public-url", _cdn.BaseUrl.AbsoluteUri,
                "--list-max-age", "1s",
                "--min-keys-per-file", "20",
                "--padding-jitter", "5",
            ]);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_cdn is not null)
        {
            await _cdn.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    private async Task<int> SubmitAndPublishAsync(int keys)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        long yesterday = (now / 86400 * 144) - 144;
        StoredKey[] stored = [.. Enumerable.Range(0, keys).Select(_ => new StoredKey("440", RandomNumberGenerator.GetBytes(16), yesterday, 144, 4, 1, 0, now - 10))];
        await _server!.Service<IKeyStore>().StoreSubmissionAsync(RandomNumberGenerator.GetBytes(32), stored, now, default);
        using var publish = new HttpRequestMessage(HttpMethod.Post, "api/admin/publish");
        publish.Headers.Authorization = new AuthenticationHeaderValue("Bearer", NotificationServerHost.OperatorToken);
        using HttpResponseMessage response = await _server.Client.SendAsync(publish);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return keys;
    }

    [MachineFact]
    public async Task Exports_are_blobs_in_COCOAs_layout_with_their_content_types_and_cache_lifetimes()
    {
        await SubmitAndPublishAsync(30);
        var container = new BlobContainerClient(_azurite!.ConnectionString, "c19r");
        var names = new List<string>();
        await foreach (BlobItem item in container.GetBlobsAsync())
        {
            names.Add(item.Name);
        }

        IReadOnlyList<ExportFileEntry> files = await _server!.Service<IKeyStore>().ListFilesAsync("440", default);
        ExportFileEntry file = Assert.Single(files);
        Assert.Equal(new[] { $"440/{file.Id}.zip", "440/index.txt", "440/list.json", "public.pem" }.Order(), names.Order());

        BlobProperties zip = await container.GetBlobClient($"440/{file.Id}.zip").GetPropertiesAsync();
        Assert.Equal(("application/zip", "public, max-age=31536000, immutable"), (zip.ContentType, zip.CacheControl));
        BlobProperties list = await container.GetBlobClient("440/list.json").GetPropertiesAsync();
        Assert.Equal(("application/json", "public, max-age=1, must-revalidate"), (list.ContentType, list.CacheControl));
        BlobProperties pem = await container.GetBlobClient("public.pem").GetPropertiesAsync();
        Assert.Equal("application/x-pem-file", pem.ContentType);
        Assert.Equal("text/plain; charset=utf-8", (await container.GetBlobClient("440/index.txt").GetPropertiesAsync()).Value.ContentType);

        // The list links to the CDN and is byte-identical to what the server itself renders with the same --public-url.
        byte[] stored = (await container.GetBlobClient("440/list.json").DownloadContentAsync()).Value.Content.ToArray();
        byte[] rendered = await _server.Client.GetByteArrayAsync("c19r/440/list.json");
        Assert.Equal(rendered, stored);
        Assert.Contains($"\"url\":\"{_cdn!.BaseUrl.AbsoluteUri}c19r/440/{file.Id}.zip\"", System.Text.Encoding.UTF8.GetString(stored), StringComparison.Ordinal);

        // An unchanged list is not rewritten by the next publish: its ETag stays, so caches keep answering 304.
        ETag before = list.ETag;
        using (var publish = new HttpRequestMessage(HttpMethod.Post, "api/admin/publish"))
        {
            publish.Headers.Authorization = new AuthenticationHeaderValue("Bearer", NotificationServerHost.OperatorToken);
            (await _server.Client.SendAsync(publish)).Dispose();
        }

        Assert.Equal(before, (await container.GetBlobClient("440/list.json").GetPropertiesAsync()).Value.ETag);

        // The server serves the zip from the blob store too.
        byte[] viaServer = await _server.Client.GetByteArrayAsync($"c19r/440/{file.Id}.zip");
        Assert.Equal(file.Sha256, SHA256.HashData(viaServer));
    }

    [MachineFact]
    public async Task Phones_download_through_the_cache_with_conditional_lists_and_see_a_new_file_within_the_list_lifetime()
    {
        await SubmitAndPublishAsync(25);
        string pem = await _http.GetStringAsync(new Uri(_cdn!.BaseUrl, "c19r/public.pem"));
        var trusted = new ExportReaderOptions { TrustedKeys = ExportPublicKeySet.FromPem(pem) };
        var phone = new ExportDownloadClient(_http, new ExportDownloadClientOptions { BaseAddress = _cdn.BaseUrl });

        ExportFileListing first = await phone.ListFilesAsync("440", ExportCursor.Initial, default);
        ExportFileReference file = Assert.Single(first.Files);
        Assert.StartsWith(_cdn.BaseUrl.AbsoluteUri, file.Location, StringComparison.Ordinal);
        await using (Stream zip = await phone.OpenFileAsync(file, default))
        await using (ExportFileReader reader = await ExportFileReader.OpenAsync(zip, trusted))
        {
            Assert.True(reader.IsSignatureValid);
            Assert.InRange(reader.KeyCount, 25, 30);
        }

        // The zip is now in the cache: a second phone gets it without the origin.
        using (HttpResponseMessage again = await _http.GetAsync(file.Location))
        {
            Assert.Equal("HIT", again.Headers.GetValues("X-Cache-Status").Single());
            Assert.Equal("public, max-age=31536000, immutable", again.Headers.CacheControl!.ToString());
        }

        // Unchanged list: the phone's If-None-Match costs a 304 (from the cache, or from Azurite once the list expired).
        ExportFileListing unchanged = await phone.ListFilesAsync("440", first.Cursor, default);
        Assert.True(unchanged.NotModified, _cdn.ErrorLog());

        // A new publish: the phone sees the new file, and only it, once the cached list's max-age (1 s here) has passed.
        await SubmitAndPublishAsync(22);
        ExportFileListing next = unchanged;
        for (int attempt = 0; attempt < 100 && next.Files.Count == 0; attempt++)
        {
            await Task.Delay(200);
            next = await phone.ListFilesAsync("440", first.Cursor, default);
        }

        ExportFileReference added = Assert.Single(next.Files);
        Assert.NotEqual(file.Location, added.Location);
        await using (Stream zip = await phone.OpenFileAsync(added, default))
        await using (ExportFileReader reader = await ExportFileReader.OpenAsync(zip, trusted))
        {
            Assert.True(reader.IsSignatureValid);
        }

        // Through the cache the list is byte-identical to the blob and to what the server renders.
        byte[] viaCdn = await _http.GetByteArrayAsync(new Uri(_cdn.BaseUrl, "c19r/440/list.json"));
        byte[] viaServer = await _server!.Client.GetByteArrayAsync("c19r/440/list.json");
        Assert.Equal(viaServer, viaCdn);
    }
}
