// Bounded load test of the notification server on loopback: submissions per second (real health center verifying every
// number) and publishing N stored keys, with SQLite and PostgreSQL. Stops by itself.
// Usage: dotnet run -c Release --project benchmarks/Cocoa.Samples.NotificationServer.LoadTest -- [--numbers 1500 (0 skips the submission test)] [--concurrency 16] [--publish-keys 1000000] [--backend sqlite|postgres|both]

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cocoa.Samples.HealthCenter;
using Cocoa.Samples.NotificationServer;
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
var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"machine: {Environment.ProcessorCount} logical CPUs, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}");

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
    WebApplication ns = NotificationServerApp.Create(
        [
            "--urls", "http://127.0.0.1:0", "--data-dir", Path.Combine(root, "ns"), "--health-center", hc.Urls.First(),
            "--verification-key", verificationKey, "--operator-token", "t", "--publisher", "off",
            "--max-failed-verifications", "1000000", .. postgres is null ? Array.Empty<string>() : ["--postgres", postgres],
        ],
        services => services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)));
    await ns.StartAsync();
    try
    {
        Console.WriteLine($"[{db}] issuing {numbers} processing numbers through the health center (not timed)...");
        List<ProcessingNumber> issued = await IssueAsync(new Uri(hc.Urls.First() + "/"), operatorToken, Path.Combine(hcDir, "outbox"), numbers);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency });
        var client = new DiagnosisSubmissionClient(http, new DiagnosisSubmissionClientOptions { BaseAddress = new Uri(ns.Urls.First() + "/"), MaxAttempts = 1 });
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
                DiagnosisSubmissionResult result = await client.SubmitAsync(issued[i], keys, true, DateTimeOffset.UtcNow.AddDays(-2));
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
            $"{db}: {issued.Count} submissions (14 keys each, verified by the real health center over HTTP), {concurrency} clients: {rate:F0} submissions/s, p50 {latencies[latencies.Length / 2]:F1} ms, p99 {latencies[(int)(latencies.Length * 0.99)]:F1} ms, accepted {accepted}, stored {stored} keys");
        Console.WriteLine(line);
        report.AppendLine(line);
    }
    finally
    {
        await ns.StopAsync();
        await ns.DisposeAsync();
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
    Console.WriteLine($"[{db}] storing {publishKeys} keys...");
    var insert = Stopwatch.StartNew();
    const int Chunk = 10_000;
    for (int offset = 0; offset < publishKeys; offset += Chunk)
    {
        int count = Math.Min(Chunk, publishKeys - offset);
        var keys = new StoredKey[count];
        for (int i = 0; i < count; i++)
        {
            keys[i] = new StoredKey("441", RandomNumberGenerator.GetBytes(16), dayStart - (144 * (1 + ((offset + i) % 13))), 144, 4, 1, 0, now - 10);
        }

        await store.StoreSubmissionAsync(RandomNumberGenerator.GetBytes(32), keys, now, default);
    }

    insert.Stop();
    using SigningKey signingKey = SigningKey.LoadOrCreate(options, NullLogger.Instance);
    var publisher = new ExportPublisher(options, store, signingKey, TimeProvider.System, NullLogger<ExportPublisher>.Instance);
    Console.WriteLine($"[{db}] publishing...");
    var publish = Stopwatch.StartNew();
    PublishSummary summary = await publisher.PublishAsync(immediate: true, default);
    publish.Stop();

    IReadOnlyList<ExportFileEntry> files = await store.ListFilesAsync("441", default);
    long bytes = 0, verified = 0;
    ExportPublicKeySet trusted = ExportPublicKeySet.FromPem(signingKey.PublicKeyPem);
    foreach (ExportFileEntry entry in files)
    {
        ExportFileBlob blob = (await store.GetFileAsync("441", entry.Id, default))!;
        bytes += blob.Content.Length;
        using ExportFileReader reader = ExportFileReader.Open(new MemoryStream(blob.Content), new ExportReaderOptions { TrustedKeys = trusted });
        verified += reader.KeyCount;
    }

    string line = string.Create(CultureInfo.InvariantCulture,
        $"{db}: stored {publishKeys} keys in {insert.Elapsed.TotalSeconds:F1} s ({publishKeys / insert.Elapsed.TotalSeconds:F0} keys/s); published them in {publish.Elapsed.TotalSeconds:F1} s ({summary.Files} signed files, {bytes / 1048576.0:F1} MiB, {publishKeys / publish.Elapsed.TotalSeconds:F0} keys/s); {verified} keys re-read with verified signatures");
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

string? Arg(string name) => Array.IndexOf(args, name) is int i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

int IntArg(string name, int fallback) => Arg(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
