using System.Net;
using System.Security.Cryptography;
using Cocoa.Samples.NotificationServer.Storage;
using Cocoa.Samples.NotificationServer.Tests.Infrastructure;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Http;
using Xunit;

namespace Cocoa.Samples.NotificationServer.Tests.Distribution;

/// <summary>Restarting on the same data dir, and a download that fails half-way being resumed.</summary>
public sealed class DownloadResumeTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "cocoa-ns-resume-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private static async Task PublishAsync(NotificationServerHost server, int keys)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        StoredKey[] stored = [.. Enumerable.Range(0, keys).Select(_ => new StoredKey("440", RandomNumberGenerator.GetBytes(16), (now / 86400 * 144) - 288, 144, 4, 1, 0, now - 5))];
        await server.Service<IKeyStore>().StoreSubmissionAsync(RandomNumberGenerator.GetBytes(32), stored, now, default);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/admin/publish");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", NotificationServerHost.OperatorToken);
        using HttpResponseMessage response = await server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_failed_file_download_is_resumed_after_a_restart_with_the_same_signing_key()
    {
        using var http = new HttpClient();
        string publicKey;
        ExportDownloadResult failed;

        // First instance lists its files under a base URL where nothing listens (a broken CDN).
        await using (NotificationServerHost first = await NotificationServerHost.StartAsync(
            "http://127.0.0.1:9/", dataDirectory: _dataDirectory, extraArgs: ["--public-url", "http://127.0.0.1:9/", "--min-keys-per-file", "0"]))
        {
            await PublishAsync(first, 3);
            publicKey = await first.Client.GetStringAsync("c19r/public.pem");
            var client = new ExportDownloadClient(http, new ExportDownloadClientOptions { BaseAddress = first.BaseAddress, TrustedKeys = ExportPublicKeySet.FromPem(publicKey), RequestTimeout = TimeSpan.FromSeconds(5) });
            failed = await client.GetNewExportsAsync("440", ExportCursor.Initial);
            Assert.False(failed.Complete);
            Assert.Empty(failed.Files);
            Assert.Equal(ExportCursor.Initial, failed.Cursor);
        }

        // The restarted instance keeps its data and signing key; the download resumes from the returned cursor.
        await using NotificationServerHost second = await NotificationServerHost.StartAsync(
            "http://127.0.0.1:9/", dataDirectory: _dataDirectory, extraArgs: ["--min-keys-per-file", "0"]);
        Assert.Equal(publicKey, await second.Client.GetStringAsync("c19r/public.pem"));
        var resumed = new ExportDownloadClient(http, new ExportDownloadClientOptions { BaseAddress = second.BaseAddress, TrustedKeys = ExportPublicKeySet.FromPem(publicKey) });
        ExportDownloadResult result = await resumed.GetNewExportsAsync("440", failed.Cursor);
        Assert.True(result.Complete);
        Assert.Equal(3, Assert.Single(result.Files).KeyCount);

        await PublishAsync(second, 2);
        ExportDownloadResult next = await resumed.GetNewExportsAsync("440", result.Cursor);
        Assert.Equal(2, Assert.Single(next.Files).KeyCount);
        Assert.True(next.Cursor.LastCreated > result.Cursor.LastCreated);
        Assert.True((await resumed.GetNewExportsAsync("440", next.Cursor)).NotModified);
    }
}
