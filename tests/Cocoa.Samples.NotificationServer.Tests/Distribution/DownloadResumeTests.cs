using System.Net;
using System.Security.Cryptography;
using Cocoa.Samples.NotificationServer.Storage;
using Cocoa.Samples.NotificationServer.Tests.Infrastructure;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Http;
using Cocoa.Sdk.Runtime;
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
        ExportFileListing failed;

        // First instance lists its files under a base URL where nothing listens (a broken CDN).
        await using (NotificationServerHost first = await NotificationServerHost.StartAsync(
            "http://127.0.0.1:9/", dataDirectory: _dataDirectory, extraArgs: ["--public-url", "http://127.0.0.1:9/", "--min-keys-per-file", "0"]))
        {
            await PublishAsync(first, 3);
            publicKey = await first.Client.GetStringAsync("c19r/public.pem");
            var client = new ExportDownloadClient(http, new ExportDownloadClientOptions
            {
                BaseAddress = first.BaseAddress, RequestTimeout = TimeSpan.FromSeconds(5), MaxAttempts = 2, RetryDelay = TimeSpan.Zero,
            });
            failed = await client.ListFilesAsync("440", ExportCursor.Initial, default);
            ExportFileReference unreachable = Assert.Single(failed.Files);
            var error = await Assert.ThrowsAsync<ExportDownloadException>(() => client.OpenFileAsync(unreachable, default));
            Assert.Equal(ExportDownloadError.FileUnavailable, error.Error);
            Assert.True(error.IsTransient);
        }

        // The restarted instance keeps its data and signing key; the stored cursor (not advanced) lists the file again.
        await using NotificationServerHost second = await NotificationServerHost.StartAsync(
            "http://127.0.0.1:9/", dataDirectory: _dataDirectory, extraArgs: ["--min-keys-per-file", "0"]);
        Assert.Equal(publicKey, await second.Client.GetStringAsync("c19r/public.pem"));
        var trusted = new ExportReaderOptions { TrustedKeys = ExportPublicKeySet.FromPem(publicKey) };
        var resumed = new ExportDownloadClient(http, new ExportDownloadClientOptions { BaseAddress = second.BaseAddress });
        ExportFileListing result = await resumed.ListFilesAsync("440", ExportCursor.Initial, default);
        Assert.Equal(3, await KeyCountAsync(resumed, Assert.Single(result.Files), trusted));

        await PublishAsync(second, 2);
        ExportFileListing next = await resumed.ListFilesAsync("440", result.Cursor, default);
        Assert.Equal(2, await KeyCountAsync(resumed, Assert.Single(next.Files), trusted));
        Assert.True(next.Cursor.LastCreated > result.Cursor.LastCreated);
        Assert.True((await resumed.ListFilesAsync("440", next.Cursor, default)).NotModified);
    }

    private static async Task<long> KeyCountAsync(ExportDownloadClient client, ExportFileReference file, ExportReaderOptions options)
    {
        await using Stream zip = await client.OpenFileAsync(file, default);
        await using ExportFileReader reader = await ExportFileReader.OpenAsync(zip, options);
        return reader.KeyCount;
    }
}
