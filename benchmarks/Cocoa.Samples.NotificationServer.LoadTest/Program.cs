// Bounded load test of the notification server on loopback: submissions per second (real health center verifying every
// number) through 1..n instances, cached downloads per second through the nginx CDN configuration, and publishing N stored
// keys, with SQLite and PostgreSQL, exports in the data directory or in Azure Blob Storage (a private Azurite). Stops by itself.
// Usage: dotnet run -c Release --project benchmarks/Cocoa.Samples.NotificationServer.LoadTest -- [--numbers 1500 (0 skips the submission test)] [--concurrency 16]
//   [--publish-keys 1000000] [--small-submissions 2000] [--backend sqlite|postgres|both] [--instances 1] [--store local|blob] [--download-seconds 5]

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cocoa.Samples.HealthCenter;
using Cocoa.Samples.NotificationServer;
using Cocoa.Samples.NotificationServer.ExportStorage;
using Cocoa.Samples.NotificationServer.Publishing;
using Cocoa.Samples.NotificationServer.Storage;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Http;
using Cocoa.Sdk.Verification;
using Cocoa.TestInfrastructure;
using Microsoft.Extensions.Logging.Abstractions;

int numbers = IntArg("--numbers", 1500);
int concurrency = IntArg("--concurrency", 16);
int publishKeys = IntArg("--publish-keys", 1_000_000);
string backend = Arg("--backend") ?? "both";
int instances = IntArg("--instances", 1);
string exportStore = Arg("--store") ?? "local";
int downloadSeconds = IntArg("--download-seconds", 5);
int smallSubmissions = IntArg("--small-submissions", 2000);
if (instances < 1 || (instances > 1 && backend != "postgres") || exportStore is not ("local" or "blob"))
{
    Console.Error.WriteLine("--instances n > 1 needs --backend postgres (instances share one database); --store is local or blob.");
    return 2;
}

if (instances > 1 && exportStore != "blob")
{
    Console.Error.WriteLine("--instances n > 1 needs --store blob (instances share one export store).");
    return 2;
}

await using PrivateAzurite? azurite = exportStore == "blob" ? await PrivateAzurite.StartAsync() : null;
var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"machine: {Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average at start {LoadAverage()}");
report.AppendLine(CultureInfo.InvariantCulture, $"instances: {instances}, export store: {exportStore}");

foreach (string db in backend == "both" ? new[] { "sqlite", "postgres" } : new[] { backend })
{
    PostgresTestDatabase? nsDatabase = db == "postgres" ? await PostgresTestDatabase.CreateAsync("cocoa_load") : null;
    string root = Directory.CreateTempSubdirectory("cocoa-load-").FullName;
    try
    {
        if (numbers > 0)
        {
            await SubmissionLoadAsync(db, root, nsDatabase?.ConnectionString);
        }

        await PublishLoadAsync(db, root, nsDatabase?.ConnectionString);
    }
    finally
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (nsDatabase is not null)
        {
            await nsDatabase.DisposeAsync();
        }

        Directory.Delete(root, recursive: true);
    }
}

Console.WriteLine();
Console.WriteLine(report.ToString());
return 0;

async Task SubmissionLoadAsync(string db, string root, string? postgres)
{
    const string operatorToken = "load-operator-token-0123456789";
    const string verificationKey = "load-verification-key-0123456789";
    string hcDir = Path.Combine(root, "hc");
    WebApplication hc = HealthCenterApp.Build(
        ["--urls", "http://127.0.0.1:0", "--data-dir", hcDir, "--operator-token", operatorToken, "--verification-key", verificationKey, "--worker-interval", "00:00:00",
         "--verification-failure-limit", "1000000", "--number-failure-limit", "1000000"],
        b => b.Logging.SetMinimumLevel(LogLevel.Warning));
    await hc.StartAsync();
    // n stateless instances on one database and one export store; clients spread over them round robin (as an L4 balancer does).
    var servers = new List<WebApplication>();
    for (int n = 0; n < instances; n++)
    {
        WebApplication instance = NotificationServerApp.Create(
            [
                "--urls", "http://127.0.0.1:0", "--data-dir", Path.Combine(root, $"ns{n}"), "--health-center", hc.Urls.First(),
                "--verification-key", verificationKey, "--operator-token", "t", "--publisher", "off",
                "--max-failed-verifications", "1000000", "--min-keys-per-file", "1000",
                .. postgres is null ? Array.Empty<string>() : ["--postgres", postgres],
                .. azurite is null ? Array.Empty<string>() : ["--blob-connection-string", azurite.ConnectionString],
            ],
            services => services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)));
        await instance.StartAsync();
        servers.Add(instance);
    }

    WebApplication ns = servers[0];
    try
    {
        Console.WriteLine($"[{db}] issuing {numbers} processing numbers through the health center (not timed)...");
        List<ProcessingNumber> issued = await IssueAsync(new Uri(hc.Urls.First() + "/"), operatorToken, Path.Combine(hcDir, "outbox"), numbers);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency });
        DiagnosisSubmissionClient[] clients = [.. servers.Select(s => new DiagnosisSubmissionClient(http, new DiagnosisSubmissionClientOptions { BaseAddress = new Uri(s.Urls.First() + "/"), MaxAttempts = 1 }))];
        EnIntervalNumber today = EnIntervalNumber.Now(TimeProvider.System).DayStart;
        var latencies = new double[issued.Count];
        int next = -1, accepted = 0;
        Console.WriteLine($"[{db}] submitting {issued.Count} registrations of 14 keys with {concurrency} concurrent clients...");
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < issued.Count)
            {
                DiagnosisKey[] keys = [.. Enumerable.Range(1, 14).Select(d => new DiagnosisKey(TemporaryExposureKey.Generate(today.AddIntervals(-144L * d))))];
                long start = Stopwatch.GetTimestamp();
                DiagnosisSubmissionResult result = await clients[i % clients.Length].SubmitAsync(issued[i], keys, true, DateTimeOffset.UtcNow.AddDays(-2));
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (result.IsAccepted)
                {
                    Interlocked.Increment(ref accepted);
                }
            }
        }));
        total.Stop();
        Array.Sort(latencies);
        double rate = issued.Count / total.Elapsed.TotalSeconds;
        (long stored, long _) = await ns.Services.GetRequiredService<IKeyStore>().CountKeysAsync(default);
        string line = string.Create(CultureInfo.InvariantCulture,
            $"{db}, {instances} instance(s), {exportStore} store: {issued.Count} submissions (14 keys each, verified by the real health center over HTTP), {concurrency} clients: {rate:F0} submissions/s, p50 {latencies[latencies.Length / 2]:F1} ms, p99 {latencies[(int)(latencies.Length * 0.99)]:F1} ms, accepted {accepted}, stored {stored} keys");
        Console.WriteLine(line);
        report.AppendLine(line);
        await DownloadLoadAsync(db, ns);
    }
    finally
    {
        foreach (WebApplication server in servers)
        {
            await server.StopAsync();
            await server.DisposeAsync();
        }

        await hc.StopAsync();
        await hc.DisposeAsync();
    }
}

async Task PublishLoadAsync(string db, string root, string? postgres)
{
    string dir = Path.Combine(root, "publish");
    Directory.CreateDirectory(dir);
    await using IKeyStore store = postgres is null ? new SqliteKeyStore(Path.Combine(dir, "keys.db")) : new PostgresKeyStore(postgres);
    await store.InitializeAsync(default);
    var options = new NotificationServerOptions
    {
        DataDirectory = dir,
        HealthCenterUrl = new Uri("http://127.0.0.1/"),
        VerificationKey = "k",
        Regions = ["441"],
    };
    long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    long dayStart = now / 86400 * 144;
    await SmallSubmissionsAsync(db, store, postgres, now, dayStart);

    // The keys are made before the clock starts: the figure is the storage layer's, not the random generator's.
    const int Chunk = 10_000;
    byte[] keyBytes = RandomNumberGenerator.GetBytes(16 * publishKeys);
    StoredKey[][] submissions = [.. Enumerable.Range(0, (publishKeys + Chunk - 1) / Chunk).Select(s =>
        Enumerable.Range(s * Chunk, Math.Min(Chunk, publishKeys - (s * Chunk)))
            .Select(i => new StoredKey("441", keyBytes[(16 * i)..(16 * (i + 1))], dayStart - (144 * (1 + (i % 13))), 144, 4, 1, 0, now - 10))
            .ToArray())];
    Console.WriteLine($"[{db}] storing {publishKeys} keys...");
    CpuMeter insertCpu = await CpuMeter.StartAsync(postgres);
    var insert = Stopwatch.StartNew();
    foreach (StoredKey[] keys in submissions)
    {
        await store.StoreSubmissionAsync(RandomNumberGenerator.GetBytes(32), keys, now, default);
    }

    insert.Stop();
    string insertCpuUse = await insertCpu.StopAsync();
    using SigningKey signingKey = SigningKey.LoadOrCreate(options, NullLogger.Instance);
    var layout = new ExportLayout(options.BlobContainer, options.ListMaxAge);
    var exports = new LocalExportStore(options.LocalExportDirectory, layout);
    await exports.InitializeAsync(default);
    var distributor = new ExportDistributor(store, exports, layout, options, TimeProvider.System, NullLogger<ExportDistributor>.Instance);
    var publisher = new ExportPublisher(options, store, signingKey, distributor, TimeProvider.System, NullLogger<ExportPublisher>.Instance);
    Console.WriteLine($"[{db}] publishing...");
    CpuMeter publishCpu = await CpuMeter.StartAsync(postgres);
    var publish = Stopwatch.StartNew();
    PublishSummary summary = await publisher.PublishAsync(immediate: true, default);
    publish.Stop();
    string publishCpuUse = await publishCpu.StopAsync();

    IReadOnlyList<ExportFileEntry> files = await store.ListFilesAsync("441", default);
    long bytes = 0, verified = 0;
    ExportPublicKeySet trusted = ExportPublicKeySet.FromPem(signingKey.PublicKeyPem);
    foreach (ExportFileEntry entry in files)
    {
        ExportObject zip = (await exports.ReadAsync(ExportLayout.ZipPath("441", entry.Id), default))!;
        bytes += zip.Content.Length;
        using ExportFileReader reader = ExportFileReader.Open(new MemoryStream(zip.Content), new ExportReaderOptions { TrustedKeys = trusted });
        verified += reader.KeyCount;
    }

    string line = string.Create(CultureInfo.InvariantCulture,
        $"{db}: stored {publishKeys} keys in {insert.Elapsed.TotalSeconds:F1} s ({publishKeys / insert.Elapsed.TotalSeconds:F0} keys/s; {insertCpuUse}); published them in {publish.Elapsed.TotalSeconds:F1} s ({summary.Files} signed files, {bytes / 1048576.0:F1} MiB, {publishKeys / publish.Elapsed.TotalSeconds:F0} keys/s; {publishCpuUse}); {verified} keys re-read with verified signatures");
    Console.WriteLine(line);
    report.AppendLine(line);
}

// The storage layer's share of the HTTP submission path: honest submissions (14 keys each), one at a time, straight
// into the store (no HTTP, no health center), so the figure shows what the insert path itself costs per submission.
async Task SmallSubmissionsAsync(string db, IKeyStore store, string? postgres, long now, long dayStart)
{
    if (smallSubmissions <= 0)
    {
        return;
    }

    StoredKey[][] submissions = [.. Enumerable.Range(0, smallSubmissions).Select(_ =>
        Enumerable.Range(1, 14).Select(d => new StoredKey("440", RandomNumberGenerator.GetBytes(16), dayStart - (144 * d), 144, 4, 1, 0, now - 10)).ToArray())];
    await store.StoreSubmissionAsync(RandomNumberGenerator.GetBytes(32), submissions[0], now, default); // warm-up (JIT, pool)
    var latencies = new double[smallSubmissions - 1];
    CpuMeter cpu = await CpuMeter.StartAsync(postgres);
    var clock = Stopwatch.StartNew();
    for (int i = 1; i < smallSubmissions; i++)
    {
        long start = Stopwatch.GetTimestamp();
        await store.StoreSubmissionAsync(RandomNumberGenerator.GetBytes(32), submissions[i], now, default);
        latencies[i - 1] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    clock.Stop();
    string cpuUse = await cpu.StopAsync();
    Array.Sort(latencies);
    string line = string.Create(CultureInfo.InvariantCulture,
        $"{db}: {latencies.Length} submissions of 14 keys, one at a time, through the storage layer: p50 {latencies[latencies.Length / 2]:F2} ms, p99 {latencies[(int)(latencies.Length * 0.99)]:F2} ms, {latencies.Length / clock.Elapsed.TotalSeconds:F0} submissions/s; {cpuUse}");
    Console.WriteLine(line);
    report.AppendLine(line);
}

static async Task<List<ProcessingNumber>> IssueAsync(Uri hc, string token, string outbox, int count)
{
    using var client = new HttpClient { BaseAddress = hc };
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    int next = -1;
    await Task.WhenAll(Enumerable.Range(0, 8).Select(async worker =>
    {
        while (Interlocked.Increment(ref next) < count)
        {
            string phone = $"090-{RandomNumberGenerator.GetInt32(1000, 10000)}-{RandomNumberGenerator.GetInt32(1000, 10000)}";
            string json = JsonSerializer.Serialize(new { name = "負荷 試験", nameKana = "フカ シケン", phone, healthCenter = "新宿区保健所" });
            using HttpResponseMessage created = await client.PostAsync("api/patients", new StringContent(json, Encoding.UTF8, "application/json"));
            created.EnsureSuccessStatusCode();
            using JsonDocument doc = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
            using HttpResponseMessage issued = await client.PostAsync($"api/patients/{doc.RootElement.GetProperty("id").GetString()}/processing-number", null);
            issued.EnsureSuccessStatusCode();
        }
    }));

    var pattern = new Regex(@"/cocoa/a/\?pn=([0-9]{8})");
    var found = new List<ProcessingNumber>();
    for (int attempt = 0; attempt < 600 && found.Count < count; attempt++)
    {
        found.Clear();
        foreach (string file in Directory.Exists(outbox) ? Directory.GetFiles(outbox, "*.json") : [])
        {
            using JsonDocument message = JsonDocument.Parse(await File.ReadAllTextAsync(file));
            Match match = pattern.Match(message.RootElement.GetProperty("body").GetString()!);
            if (match.Success && ProcessingNumber.TryParse(match.Groups[1].Value, out ProcessingNumber number))
            {
                found.Add(number);
            }
        }

        if (found.Count < count)
        {
            await Task.Delay(100);
        }
    }

    return found;
}

// Publishes what the submissions stored, then measures downloads for a bounded time, straight from the origin (the blob
// endpoint, or the server for the data directory) and through the repository's nginx CDN configuration: zips (200) and
// phones' conditional list requests (304).
async Task DownloadLoadAsync(string db, WebApplication ns)
{
    if (PrivateNginx.Unavailable() is { } missing)
    {
        Console.WriteLine($"[{db}] downloads skipped: {missing}");
        return;
    }

    using var admin = new HttpClient { BaseAddress = new Uri(ns.Urls.First() + "/") };
    using var publish = new HttpRequestMessage(HttpMethod.Post, "api/admin/publish");
    publish.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "t");
    (await admin.SendAsync(publish)).EnsureSuccessStatusCode();

    Uri origin = azurite is not null ? new Uri($"{azurite.BlobEndpoint}/c19r/") : new Uri(ns.Urls.First() + "/c19r/");
    string template = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "samples", "Cocoa.Samples.NotificationServer", "deploy", "nginx-cdn.conf"));
    await using PrivateNginx cdn = await PrivateNginx.StartAsync(template, new Dictionary<string, string>
    {
        ["ORIGIN"] = origin.AbsoluteUri,
        ["ORIGIN_HOST"] = origin.Authority,
        ["CONTAINER"] = "c19r",
    });

    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency });
    string listJson = await admin.GetStringAsync("c19r/440/list.json");
    using JsonDocument list = JsonDocument.Parse(listJson);
    string[] zips = [.. list.RootElement.EnumerateArray().Select(e => new Uri(e.GetProperty("url").GetString()!).AbsolutePath)];
    if (zips.Length == 0)
    {
        Console.WriteLine($"[{db}] downloads skipped: nothing published");
        return;
    }

    foreach ((string via, Uri root) in new[] { ("origin", new Uri(origin, "..")), ("nginx cache", cdn.BaseUrl) })
    {
        // The origin serves zips under its own path prefix (…/devstoreaccount1/c19r/ for Azurite, /c19r/ for the server).
        string prefix = via == "origin" ? origin.AbsolutePath[..^"c19r/".Length] : "/";
        Uri Url(string path) => new(root, prefix.TrimEnd('/') + path);
        HttpResponseMessage first = await http.GetAsync(Url($"/c19r/440/list.json"));
        string? etag = first.Headers.ETag?.Tag;
        first.Dispose();
        foreach (string kind in new[] { "zip", "list (If-None-Match → 304)" })
        {
            long requests = 0, bytes = 0, failures = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
            {
                int n = worker;
                while (clock.Elapsed < TimeSpan.FromSeconds(downloadSeconds))
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, kind == "zip" ? Url(zips[n++ % zips.Length]) : Url("/c19r/440/list.json"));
                    if (kind != "zip" && etag is not null)
                    {
                        request.Headers.TryAddWithoutValidation("If-None-Match", etag);
                    }

                    using HttpResponseMessage response = await http.SendAsync(request);
                    byte[] body = await response.Content.ReadAsByteArrayAsync();
                    Interlocked.Add(ref bytes, body.Length);
                    if (response.StatusCode is not (System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.NotModified))
                    {
                        Interlocked.Increment(ref failures);
                    }

                    Interlocked.Increment(ref requests);
                }
            }));
            double seconds = clock.Elapsed.TotalSeconds;
            string line = string.Create(CultureInfo.InvariantCulture,
                $"{db}, {exportStore} store, downloads via {via}, {kind}: {requests / seconds:F0} requests/s, {bytes / seconds / 1048576.0:F1} MiB/s, {concurrency} clients, {downloadSeconds} s, {zips.Length} files, {failures} failures");
            Console.WriteLine(line);
            report.AppendLine(line);
        }
    }
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

string? Arg(string name) => Array.IndexOf(args, name) is int i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

int IntArg(string name, int fallback) => Arg(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

/// <summary>
/// CPU seconds used during a phase by this process (the storage layer's client side) and, for PostgreSQL on this machine,
/// by the server processes serving the database (every process pg_stat_activity lists, read from /proc): tells whether
/// the client or the server holds a phase back on a shared machine where wall-clock time drifts.
/// </summary>
internal sealed class CpuMeter
{
    private readonly string? _postgres;
    private readonly TimeSpan _client;
    private readonly Dictionary<int, long> _server;

    private CpuMeter(string? postgres, TimeSpan client, Dictionary<int, long> server) => (_postgres, _client, _server) = (postgres, client, server);

    public static async Task<CpuMeter> StartAsync(string? postgres) =>
        new(postgres, Process.GetCurrentProcess().TotalProcessorTime, await ServerTicksAsync(postgres));

    public async Task<string> StopAsync()
    {
        double client = (Process.GetCurrentProcess().TotalProcessorTime - _client).TotalSeconds;
        if (_postgres is null)
        {
            return string.Create(CultureInfo.InvariantCulture, $"CPU: {client:F1} s in-process");
        }

        Dictionary<int, long> after = await ServerTicksAsync(_postgres);
        long ticks = after.Sum(p => p.Value - _server.GetValueOrDefault(p.Key));
        return string.Create(CultureInfo.InvariantCulture, $"CPU: client {client:F1} s, PostgreSQL {ticks / 100.0:F1} s");
    }

    // utime + stime (fields 14 and 15 of /proc/<pid>/stat, in clock ticks of 1/100 s on Linux).
    private static async Task<Dictionary<int, long>> ServerTicksAsync(string? postgres)
    {
        var ticks = new Dictionary<int, long>();
        if (postgres is null || !OperatingSystem.IsLinux())
        {
            return ticks;
        }

        await using var connection = new Npgsql.NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid()", connection);
        await using Npgsql.NpgsqlDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            int pid = reader.GetInt32(0);
            try
            {
                string stat = await File.ReadAllTextAsync($"/proc/{pid}/stat");
                string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks[pid] = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process ended (or is not on this machine): nothing to count.
            }
        }

        return ticks;
    }
}
