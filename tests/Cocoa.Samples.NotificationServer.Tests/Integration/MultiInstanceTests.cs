using System.Net;
using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Cocoa.Samples.NotificationServer.Storage;
using Cocoa.Samples.NotificationServer.Tests.Infrastructure;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Http;
using Cocoa.Sdk.Runtime;
using Cocoa.Sdk.Verification;
using Cocoa.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;
using Xunit.Abstractions;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.LoadBalancing;

namespace Cocoa.Samples.NotificationServer.Tests.Integration;

/// <summary>
/// Past one machine, on this one: PostgreSQL, Azurite, three notification server processes behind a round-robin YARP proxy
/// and the nginx CDN cache. Submissions go through all three; all three publish at once; the one holding the lease is
/// SIGKILLed in the middle of its publish, restarted, and publishing goes on. Then every accepted key is in exactly one
/// published file, every file verifies, list.json is the same from every instance, in the blob store and through the
/// cache, and the failed-verification limit holds in total, not per instance.
/// </summary>
[Requires(MachineDependency.Postgres, MachineDependency.Azurite, MachineDependency.Nginx)]
public sealed class MultiInstanceTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Instances = 3;
    private const int MaxFailedVerifications = 3;
    private readonly string _directory = Directory.CreateTempSubdirectory("cocoa-multi-").FullName;
    private readonly List<NotificationServerProcess> _servers = [];
    private readonly HttpClient _http = new();
    private PostgresTestDatabase? _database;
    private PrivateAzurite? _azurite;
    private PrivateNginx? _cdn;
    private HealthCenterProcess? _healthCenter;
    private WebApplication? _proxy;
    private Uri _proxyUrl = null!;
    private string _publicKeyPem = "";
    private bool _disposed;

    public async Task InitializeAsync()
    {
        try
        {
            await StartEverythingAsync();
        }
        catch
        {
            // xunit does not dispose a class whose initialisation failed: stop what did start.
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartEverythingAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("cocoa_multi");
        _azurite = await PrivateAzurite.StartAsync();
        string template = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "samples", "Cocoa.Samples.NotificationServer", "deploy", "nginx-cdn.conf"));
        _cdn = await PrivateNginx.StartAsync(template, new Dictionary<string, string>
        {
            ["ORIGIN"] = $"{_azurite.BlobEndpoint}/c19r/",
            ["ORIGIN_HOST"] = $"127.0.0.1:{_azurite.Port}",
            ["CONTAINER"] = "c19r",
        });
        _healthCenter = await HealthCenterProcess.StartAsync();

        // One signing key for every instance (in production: the key vault's key).
        string keyFile = Path.Combine(_directory, "signing-key.pem");
        using (ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());
            _publicKeyPem = key.ExportSubjectPublicKeyInfoPem();
        }

        NotificationServerProcess[] started = await Task.WhenAll(Enumerable.Range(0, Instances).Select(i => NotificationServerProcess.StartAsync(
            Path.Combine(_directory, $"instance{i}.log"),
            [
                "--data-dir", Path.Combine(_directory, $"instance{i}"),
                "--health-center", _healthCenter.BaseAddress.AbsoluteUri,
                "--verification-key", HealthCenterProcess.VerificationKey,
                "--operator-token", NotificationServerHost.OperatorToken,
                "--postgres", _database.ConnectionString,
                "--blob-connection-string", _azurite.ConnectionString,
                "--public-url", _cdn.BaseUrl.AbsoluteUri,
                "--signing-key", keyFile,
                "--publisher", "off",
                "--list-max-age", "1s",
                "--min-keys-per-file", "3",
                "--padding-jitter", "1",
                "--max-keys-per-file", "4",
                "--max-failed-verifications", MaxFailedVerifications.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--trusted-proxies", "127.0.0.1",
            ])));
        _servers.AddRange(started);
        _proxy = StartProxy([.. _servers.Select(s => s.BaseAddress)]);
        await _proxy.StartAsync();
        _proxyUrl = new Uri(_proxy.Urls.First() + "/");
    }

    public async Task DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _http.Dispose();
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        foreach (NotificationServerProcess server in _servers)
        {
            await server.DisposeAsync();
        }

        foreach (IAsyncDisposable? part in new IAsyncDisposable?[] { _healthCenter, _cdn, _azurite, _database })
        {
            if (part is not null)
            {
                await part.DisposeAsync();
            }
        }

        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>YARP in front of the instances, round robin: consecutive requests reach consecutive instances.</summary>
    private static WebApplication StartProxy(IReadOnlyList<Uri> instances)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "all", ClusterId = "instances", Match = new RouteMatch { Path = "{**rest}" } }],
            [new ClusterConfig
            {
                ClusterId = "instances",
                LoadBalancingPolicy = LoadBalancingPolicies.RoundRobin,
                Destinations = instances.Select((uri, i) => (uri, i)).ToDictionary(x => $"instance{x.i}", x => new DestinationConfig { Address = x.uri.AbsoluteUri }),
            }]);
        WebApplication app = builder.Build();
        app.MapReverseProxy();
        return app;
    }

    private DiagnosisSubmissionClient Phone() =>
        new(_http, new DiagnosisSubmissionClientOptions { BaseAddress = _proxyUrl, MaxAttempts = 1 });

    // Five days around an onset two days ago: inside the infectious window (−3..+10 days), so the server keeps every key.
    private static List<DiagnosisKey> KeyHistory() =>
        [.. Enumerable.Range(0, 5).Select(day => new DiagnosisKey(
            TemporaryExposureKey.Generate(EnIntervalNumber.Now(TimeProvider.System).DayStart.AddIntervals(-144L * day)), ReportType: ReportType.ConfirmedTest))];

    /// <summary>Submits <paramref name="count"/> registrations through the proxy, a few at once; returns their keys.</summary>
    private async Task<List<DiagnosisKey>> SubmitAsync(int count)
    {
        var numbers = new List<ProcessingNumber>();
        for (int i = 0; i < count; i++)
        {
            numbers.Add(await _healthCenter!.IssueNumberAsync());
        }

        var accepted = new List<DiagnosisKey>();
        foreach (ProcessingNumber[] chunk in numbers.Chunk(Instances))
        {
            (List<DiagnosisKey> Keys, DiagnosisSubmissionResult Result)[] results = await Task.WhenAll(chunk.Select(async number =>
            {
                List<DiagnosisKey> keys = KeyHistory();
                return (keys, await Phone().SubmitAsync(number, keys, hasSymptom: true, DateTimeOffset.UtcNow.AddDays(-2)));
            }));
            foreach ((List<DiagnosisKey> keys, DiagnosisSubmissionResult result) in results)
            {
                Assert.True(result.IsAccepted, $"{result.Status} {result.StatusCode}");
                accepted.AddRange(keys);
            }
        }

        return accepted;
    }

    [MachineFact]
    public async Task Three_instances_survive_a_publisher_killed_mid_publish_and_keep_one_list_and_one_limit()
    {
        List<DiagnosisKey> accepted = await SubmitAsync(12);

        // All three publish at once; the lease lets one work. Kill that one as soon as it has committed a batch.
        var publishes = _servers.Select(server => Task.Run(async () =>
        {
            try
            {
                return await server.PublishAsync();
            }
            catch (HttpRequestException)
            {
                return ((int, int, int)?)null; // the killed instance never answers
            }
        })).ToList();
        NotificationServerProcess? victim = null;
        for (int poll = 0; poll < 3000 && victim is null; poll++)
        {
            victim = _servers.FirstOrDefault(s => s.Log().Contains("Committed batch", StringComparison.Ordinal));
            if (victim is null)
            {
                await Task.Delay(5);
            }
        }

        Assert.NotNull(victim);
        await victim.KillAsync();
        await Task.WhenAll(publishes);
        await using (var inspection = new PostgresKeyStore(_database!.ConnectionString))
        {
            int unstored = (await inspection.GetUnstoredFilesAsync("440", default)).Count;
            output.WriteLine($"killed instance {_servers.IndexOf(victim)} after its commit: {unstored} committed files were not yet in the blob store");
        }

        // Restart it; more registrations arrive (through every instance again); publish until its lapsed lease is taken over.
        await victim.RestartAsync();
        accepted.AddRange(await SubmitAsync(3));
        bool published = false;
        for (int attempt = 0; attempt < 120 && !published; attempt++)
        {
            var results = await Task.WhenAll(_servers.Select(s => s.PublishAsync()));
            published = results.Any(r => r.RegionsSkipped == 0);
            if (!published)
            {
                await Task.Delay(500);
            }
        }

        Assert.True(published, "no instance could publish within 60 s of the crash (the lease should lapse within 30 s)");
        await using (var inspection = new PostgresKeyStore(_database!.ConnectionString))
        {
            Assert.Empty(await inspection.GetUnstoredFilesAsync("440", default));
        }

        // list.json: the same bytes from every instance, in the blob store and (once the cached copy expired) through the CDN.
        byte[][] fromInstances = await Task.WhenAll(_servers.Select(s => s.Client.GetByteArrayAsync("c19r/440/list.json")));
        Assert.All(fromInstances, list => Assert.Equal(fromInstances[0], list));
        var container = new BlobContainerClient(_azurite!.ConnectionString, "c19r");
        Assert.Equal(fromInstances[0], (await container.GetBlobClient("440/list.json").DownloadContentAsync()).Value.Content.ToArray());
        byte[] viaCdn = [];
        for (int attempt = 0; attempt < 100; attempt++)
        {
            viaCdn = await _http.GetByteArrayAsync(new Uri(_cdn!.BaseUrl, "c19r/440/list.json"));
            if (viaCdn.AsSpan().SequenceEqual(fromInstances[0]))
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal(fromInstances[0], viaCdn);

        // Every file verifies; every released key of every accepted registration is in exactly one file; none is embargoed.
        var phone = new ExportDownloadClient(_http, new ExportDownloadClientOptions { BaseAddress = _cdn!.BaseUrl });
        var trusted = new ExportReaderOptions { TrustedKeys = ExportPublicKeySet.FromPem(_publicKeyPem) };
        ExportFileListing listing = await phone.ListFilesAsync("440", ExportCursor.Initial, default);
        Assert.True(listing.Files.Count >= 2, $"{listing.Files.Count} files");
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (ExportFileReference file in listing.Files)
        {
            await using Stream zip = await phone.OpenFileAsync(file, default);
            await using ExportFileReader reader = await ExportFileReader.OpenAsync(zip, trusted);
            Assert.True(reader.IsSignatureValid, file.Location);
            foreach (DiagnosisKey key in reader.ReadKeys())
            {
                string hex = Convert.ToHexString(key.Key.ToKeyArray());
                seen[hex] = seen.GetValueOrDefault(hex) + 1;
            }
        }

        DateTimeOffset now = DateTimeOffset.UtcNow;
        var released = accepted.Where(k => k.Key.RollingEndIntervalNumber.StartTime.AddHours(2) <= now).ToList();
        var embargoed = accepted.Except(released).ToList();
        Assert.NotEmpty(released);
        Assert.All(released, key => Assert.Equal(1, seen.GetValueOrDefault(Convert.ToHexString(key.Key.ToKeyArray()))));
        Assert.All(embargoed, key => Assert.False(seen.ContainsKey(Convert.ToHexString(key.Key.ToKeyArray()))));
        Assert.All(seen.Values, count => Assert.Equal(1, count));

        // The failed-verification limit holds in total: round robin spreads the wrong numbers over all three instances,
        // yet the client is refused after MaxFailedVerifications of them, not after three times as many.
        var answers = new List<HttpStatusCode?>();
        for (int i = 0; i < 2 * Instances; i++)
        {
            string wrong = RandomNumberGenerator.GetInt32(10_000_000, 100_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
            DiagnosisSubmissionResult result = await Phone().SubmitAsync(wrong, KeyHistory(), hasSymptom: true, DateTimeOffset.UtcNow.AddDays(-2));
            answers.Add(result.StatusCode);
        }

        Assert.Equal(
            [.. Enumerable.Repeat<HttpStatusCode?>(HttpStatusCode.NotAcceptable, MaxFailedVerifications), .. Enumerable.Repeat<HttpStatusCode?>(HttpStatusCode.TooManyRequests, (2 * Instances) - MaxFailedVerifications)],
            answers);
    }
}
