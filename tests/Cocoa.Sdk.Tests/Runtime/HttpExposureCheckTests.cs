using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Http;
using Cocoa.Sdk.Protocol;
using Cocoa.Sdk.Runtime;
using Cocoa.Sdk.Simulation;
using Xunit;

namespace Cocoa.Sdk.Tests.Runtime;

/// <summary>Exposure checks through <see cref="ExportDownloadClient"/> against a real HTTP server on 127.0.0.1 serving COCOA's list.json layout.</summary>
public sealed class HttpExposureCheckTests : IAsyncLifetime
{
    private readonly RuntimeHarness _h = new();
    private readonly ECDsa _signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly TinyCdn _cdn = new();
    private readonly HttpClient _http = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _http.Dispose();
        _cdn.Dispose();
        _signer.Dispose();
        await _h.DisposeAsync();
    }

    [Fact]
    public async Task Files_are_fetched_once_and_an_unchanged_list_is_not_downloaded_again()
    {
        await using var client = await ClientAsync();
        _cdn.Publish(1000, Export(2));
        _cdn.Publish(2000, Export(3));

        var first = await client.CheckExposureAsync();
        Assert.True(first.Succeeded, string.Join(";", first.Errors));
        Assert.Equal(2, first.FilesProcessed);
        Assert.Equal(5, first.KeysProcessed);
        ExportCursor cursor = client.Store.GetCursor("440");
        Assert.Equal(2000, cursor.LastCreated);
        Assert.NotNull(cursor.ETag);

        int zipRequests = _cdn.ZipRequests;
        var second = await client.CheckExposureAsync();
        Assert.Equal(0, second.FilesProcessed);
        Assert.Equal(304, _cdn.LastListStatus);
        Assert.Equal(zipRequests, _cdn.ZipRequests);

        _cdn.Publish(3000, Export(1));
        var third = await client.CheckExposureAsync();
        Assert.Equal(1, third.FilesProcessed);
        Assert.Equal(zipRequests + 1, _cdn.ZipRequests);
    }

    [Fact]
    public async Task An_unavailable_list_is_retried_and_a_failing_file_is_resumed_by_a_later_check()
    {
        await using var client = await ClientAsync();
        _cdn.Publish(1000, Export(1));
        _cdn.Publish(2000, Export(2));
        _cdn.Publish(3000, Export(3));
        _cdn.FailingLists = 2;
        _cdn.BrokenCreated = 2000;

        var first = await client.CheckExposureAsync();
        Assert.False(first.Succeeded);
        Assert.Equal(1, first.FilesProcessed);
        Assert.Equal(1000, client.Store.GetCursor("440").LastCreated);
        Assert.Equal(0, _cdn.FailingLists);

        _cdn.BrokenCreated = null;
        var second = await client.CheckExposureAsync();
        Assert.True(second.Succeeded, string.Join(";", second.Errors));
        Assert.Equal(2, second.FilesProcessed);
        Assert.Equal(5, second.KeysProcessed);
    }

    [Fact]
    public async Task A_hostile_or_foreign_file_is_rejected_with_its_reason_and_the_files_after_it_are_processed()
    {
        await using var client = await ClientAsync();
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _cdn.Publish(1000, Export(1));
        _cdn.Publish(2000, OverflowingExport());                                   // the 300-byte file of issue 13
        _cdn.Publish(3000, TestExports.Create([Key()], stranger));                 // signed by someone else
        _cdn.Publish(4000, Export(2));
        _cdn.MissingCreated = 5000;                                                // listed but deleted
        _cdn.Publish(6000, Export(3));

        ExposureCheckResult first = await client.CheckExposureAsync();
        Assert.True(first.Succeeded, string.Join(";", first.Errors));
        Assert.Equal(3, first.FilesProcessed);
        Assert.Equal(6, first.KeysProcessed);
        Assert.Equal(3, first.RejectedFiles.Count);
        Assert.Contains("2000.zip", first.RejectedFiles[0].Location, StringComparison.Ordinal);
        Assert.Contains("3000.zip", first.RejectedFiles[1].Location, StringComparison.Ordinal);
        Assert.Contains("Signature", first.RejectedFiles[1].Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("FileGone", first.RejectedFiles[2].Reason, StringComparison.Ordinal);
        Assert.Equal(3, client.Store.GetRejectedFiles().Count);
        Assert.Equal(6000, client.Store.GetCursor("440").LastCreated);

        // Rejected files are never tried again.
        int zipRequests = _cdn.ZipRequests;
        ExposureCheckResult second = await client.CheckExposureAsync();
        Assert.True(second.Succeeded);
        Assert.Empty(second.RejectedFiles);
        Assert.Equal(zipRequests, _cdn.ZipRequests);
    }

    private static DiagnosisKey Key() => new(TemporaryExposureKey.Generate(EnIntervalNumber.FromDateTimeOffset(RuntimeHarness.Start)), 4);

    /// <summary>An unsigned export.bin with an unknown length-delimited field of length 0x7FFFFFFF (issue 13's reproduction).</summary>
    private static byte[] OverflowingExport()
    {
        byte[] bin = [.. Convert.FromHexString("454b204578706f7274207631202020203a1c0a10"), .. new byte[16], .. Convert.FromHexString("4affffffff0700000000")];
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using (Stream s = zip.CreateEntry("export.bin").Open())
            {
                s.Write(bin);
            }

            using (Stream s = zip.CreateEntry("export.sig").Open())
            {
                s.Write([0x0a, 0x00]);
            }
        }

        return buffer.ToArray();
    }

    private async Task<ExposureNotificationClient> ClientAsync()
    {
        var device = _h.Air.AddDevice("phone" + _h.Air.Devices.Count, RadioProfile.Pixel4, new Position(0, 0));
        var other = _h.Air.AddDevice("other" + _h.Air.Devices.Count, RadioProfile.Pixel4, new Position(1, 0));
        var downloads = new ExportDownloadClient(_http, new ExportDownloadClientOptions { BaseAddress = _cdn.BaseAddress, RetryDelay = TimeSpan.Zero });
        var client = _h.CreateClient(device, downloads, o =>
        {
            o.AllowUnverifiedExports = false;
            o.TrustedExportKeys = TestExports.TrustedKeys(_signer);
        });
        var otherClient = _h.CreateClient(other);
        foreach (var c in new[] { client, otherClient })
        {
            await c.GrantConsentAsync();
            await c.StartAsync();
        }

        _h.Advance(TimeSpan.FromMinutes(10));
        return client;
    }

    private byte[] Export(int keys) => TestExports.Create(
        Enumerable.Range(0, keys).Select(_ => new DiagnosisKey(TemporaryExposureKey.Generate(EnIntervalNumber.FromDateTimeOffset(RuntimeHarness.Start)), 4)), _signer);

    /// <summary>A minimal CDN on 127.0.0.1: /c19r/440/list.json with an ETag, and the zips it lists.</summary>
    private sealed class TinyCdn : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly List<(long Created, byte[] Zip)> _files = [];
        private readonly Lock _lock = new();

        public TinyCdn()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            BaseAddress = new Uri($"http://127.0.0.1:{port}/");
            _listener.Prefixes.Add(BaseAddress.AbsoluteUri);
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public Uri BaseAddress { get; }

        public int FailingLists { get; set; }

        public long? BrokenCreated { get; set; }

        public long? MissingCreated { get; set; }

        public int ZipRequests { get; private set; }

        public int LastListStatus { get; private set; }

        public void Publish(long created, byte[] zip)
        {
            lock (_lock)
            {
                _files.Add((created, zip));
            }
        }

        public void Dispose() => _listener.Close();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                try
                {
                    Handle(context);
                }
                finally
                {
                    context.Response.Close();
                }
            }
        }

        private void Handle(HttpListenerContext context)
        {
            string path = context.Request.Url!.AbsolutePath;
            lock (_lock)
            {
                if (path == "/c19r/440/list.json")
                {
                    if (FailingLists > 0)
                    {
                        FailingLists--;
                        context.Response.StatusCode = LastListStatus = 503;
                        return;
                    }

                    IEnumerable<long> listed = _files.Select(f => f.Created).Concat(MissingCreated is long missing ? [missing] : []).Order();
                    byte[] list = ExportList.WriteListJson(listed.Select(created => new ExportListEntry("440", new Uri($"{BaseAddress}c19r/440/{created}.zip"), created)));
                    string json = Encoding.UTF8.GetString(list);
                    string etag = "\"" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..16] + "\"";
                    if (context.Request.Headers["If-None-Match"] == etag)
                    {
                        context.Response.StatusCode = LastListStatus = 304;
                        return;
                    }

                    context.Response.StatusCode = LastListStatus = 200;
                    context.Response.Headers["ETag"] = etag;
                    context.Response.ContentType = "application/json";
                    context.Response.OutputStream.Write(Encoding.UTF8.GetBytes(json));
                    return;
                }

                foreach (var (created, zip) in _files)
                {
                    if (path == $"/c19r/440/{created}.zip")
                    {
                        ZipRequests++;
                        if (created == BrokenCreated)
                        {
                            context.Response.StatusCode = 500;
                            return;
                        }

                        context.Response.ContentType = "application/zip";
                        context.Response.OutputStream.Write(zip);
                        return;
                    }
                }

                context.Response.StatusCode = 404;
            }
        }
    }
}
