using System.Net;
using System.Security.Cryptography;
using Cocoa.Samples.NotificationServer.Storage;
using Cocoa.Samples.NotificationServer.Tests.Infrastructure;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Http;
using Cocoa.Sdk.Runtime;
using Cocoa.Sdk.Verification;
using Cocoa.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Cocoa.Samples.NotificationServer.Tests.Integration;

/// <summary>Both sample servers over real HTTP on 127.0.0.1: health center issues, notification server verifies, stores and publishes.</summary>
public abstract class EndToEndTests : IAsyncLifetime
{
    // Null until InitializeAsync has got that far (a PostgreSQL run may be skipped before anything starts).
    private HealthCenterProcess _healthCenter = null!;
    private NotificationServerHost _server = null!;
    private HttpClient _http = null!;
    private readonly LogCapture _logs = new();

    private protected abstract Task<string?> DatabaseAsync();

    private protected virtual Task DisposeDatabaseAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        string? postgres = await DatabaseAsync();
        _healthCenter = await HealthCenterProcess.StartAsync();
        _server = await NotificationServerHost.StartAsync(
            _healthCenter.BaseAddress.AbsoluteUri,
            postgres,
            services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(_logs),
            verificationKey: HealthCenterProcess.VerificationKey,
            extraArgs: ["--min-keys-per-file", "40", "--padding-jitter", "10", "--health-center-timeout", "2s"]);
        _http = new HttpClient();
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_healthCenter is not null)
        {
            await _healthCenter.DisposeAsync();
        }

        await DisposeDatabaseAsync();
    }

    private DiagnosisSubmissionClient Client(int maxAttempts = 3) => new(
        _http,
        new DiagnosisSubmissionClientOptions { BaseAddress = _server.BaseAddress, MaxAttempts = maxAttempts, InitialRetryDelay = TimeSpan.FromMilliseconds(20) });

    private static List<DiagnosisKey> KeyHistory(int days)
    {
        EnIntervalNumber today = EnIntervalNumber.Now(TimeProvider.System).DayStart;
        return [.. Enumerable.Range(0, days).Select(day => new DiagnosisKey(TemporaryExposureKey.Generate(today.AddIntervals(-144L * day)), ReportType: ReportType.ConfirmedTest))];
    }

    [MachineFact]
    public async Task A_submission_without_an_acceptable_key_answers_400_and_leaves_the_number_usable()
    {
        ProcessingNumber number = await _healthCenter.IssueNumberAsync();
        EnIntervalNumber today = EnIntervalNumber.Now(TimeProvider.System).DayStart;
        List<DiagnosisKey> tooOld = [new DiagnosisKey(TemporaryExposureKey.Generate(today.AddIntervals(-144L * 20)), ReportType: ReportType.ConfirmedTest)];
        DiagnosisSubmissionResult rejected = await Client().SubmitAsync(number, tooOld, hasSymptom: true, DateTimeOffset.UtcNow.AddDays(-1));
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Equal((0L, 0L), await _server.Service<IKeyStore>().CountKeysAsync(default));

        DiagnosisSubmissionResult accepted = await Client().SubmitAsync(number, KeyHistory(3), hasSymptom: true, DateTimeOffset.UtcNow.AddDays(-1));
        Assert.Equal(DiagnosisSubmissionStatus.Accepted, accepted.Status);
    }

    [MachineFact]
    public async Task A_genuine_number_is_accepted_once_and_a_wrong_number_is_refused()
    {
        ProcessingNumber number = await _healthCenter.IssueNumberAsync();
        List<DiagnosisKey> keys = KeyHistory(5);
        DiagnosisSubmissionResult accepted = await Client().SubmitAsync(number, keys, hasSymptom: true, DateTimeOffset.UtcNow.AddDays(-1));
        Assert.Equal(DiagnosisSubmissionStatus.Accepted, accepted.Status);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal((5L, 5L), await _server.Service<IKeyStore>().CountKeysAsync(default));

        DiagnosisSubmissionResult again = await Client().SubmitAsync(number, KeyHistory(3), hasSymptom: true, DateTimeOffset.UtcNow.AddDays(-1));
        Assert.Equal(DiagnosisSubmissionStatus.InvalidProcessingNumber, again.Status);
        Assert.Equal(1, again.Attempts); // 406 is never retried

        ProcessingNumber other = await _healthCenter.IssueNumberAsync();
        string wrong = ((int.Parse(other.Value, System.Globalization.CultureInfo.InvariantCulture) + 1) % 100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
        DiagnosisSubmissionResult refused = await Client().SubmitAsync(wrong, KeyHistory(2), hasSymptom: false, DateTimeOffset.UtcNow);
        Assert.Equal(DiagnosisSubmissionStatus.InvalidProcessingNumber, refused.Status);
        Assert.Equal((5L, 5L), await _server.Service<IKeyStore>().CountKeysAsync(default));

        // The deep link is accepted as input, and a malformed number never leaves the device.
        DiagnosisSubmissionResult viaLink = await Client().SubmitAsync(other.ToDeepLink("www.mhlw.go.jp").AbsoluteUri, KeyHistory(1), true, DateTimeOffset.UtcNow);
        Assert.Equal(DiagnosisSubmissionStatus.Accepted, viaLink.Status);
        DiagnosisSubmissionResult malformed = await Client().SubmitAsync("1234567", KeyHistory(1), true, DateTimeOffset.UtcNow);
        Assert.Equal(new DiagnosisSubmissionResult(DiagnosisSubmissionStatus.InvalidProcessingNumberFormat, null, 0), malformed);

        // Nothing identifying is logged: no processing number, no key, no client address.
        string log = _logs.AllText;
        Assert.Contains("Stored a submission", log, StringComparison.Ordinal);
        foreach (string secret in new[] { number.Value, other.Value, wrong }.Concat(keys.Select(k => Convert.ToBase64String(k.Key.ToKeyArray()))).Concat(keys.Select(k => k.Key.ToKeyHex())))
        {
            Assert.DoesNotContain(secret, log, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("RemoteIp", log, StringComparison.OrdinalIgnoreCase);
    }

    [MachineFact]
    public async Task Published_exports_verify_with_the_server_key_and_hold_exactly_the_released_keys_plus_padding()
    {
        ProcessingNumber number = await _healthCenter.IssueNumberAsync();
        List<DiagnosisKey> history = KeyHistory(6);
        Assert.True((await Client().SubmitAsync(number, history, hasSymptom: true, DateTimeOffset.UtcNow.AddDays(-3))).IsAccepted);

        using var admin = new HttpRequestMessage(HttpMethod.Post, "api/admin/publish");
        admin.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", NotificationServerHost.OperatorToken);
        using HttpResponseMessage published = await _server.Client.SendAsync(admin);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);

        // Keys still valid (today's) stay embargoed until their end plus 2 hours.
        DateTimeOffset now = DateTimeOffset.UtcNow;
        var released = history.Where(k => k.Key.RollingEndIntervalNumber.StartTime.AddHours(2) <= now).Select(k => Convert.ToHexString(k.Key.ToKeyArray())).ToHashSet();
        Assert.InRange(released.Count, 4, 5);

        string publicPem = await File.ReadAllTextAsync(Path.Combine(_server.DataDirectory, "export-public.pem"));
        var trusted = new ExportReaderOptions { TrustedKeys = ExportPublicKeySet.FromPem(publicPem) };
        var downloader = new ExportDownloadClient(_http, new ExportDownloadClientOptions { BaseAddress = _server.BaseAddress });
        ExportFileListing result = await downloader.ListFilesAsync("440", ExportCursor.Initial, default);
        ExportFileReference file = Assert.Single(result.Files);
        byte[] digest;
        await using (Stream zip = await downloader.OpenFileAsync(file, default))
        await using (ExportFileReader reader = await ExportFileReader.OpenAsync(zip, trusted))
        {
            Assert.True(reader.IsSignatureValid);
            Assert.Equal("440", reader.Batch.Region);
            digest = reader.ExportBinSha256.ToArray();
            List<DiagnosisKey> keys = [.. reader.ReadKeys()];
            Assert.InRange(keys.Count, 40, 49); // --min-keys-per-file 40 --padding-jitter 10
            var real = keys.Where(k => released.Contains(Convert.ToHexString(k.Key.ToKeyArray()))).ToList();
            Assert.Equal(released.Count, real.Count);
            foreach (DiagnosisKey key in keys)
            {
                Assert.Equal(key.DaysSinceOnsetOfSymptoms >= -3 ? 4 : 1, key.TransmissionRiskLevel);
                Assert.Equal(ReportType.ConfirmedTest, key.ReportType);
                Assert.Contains(real, r => r.Key.RollingStartIntervalNumber == key.Key.RollingStartIntervalNumber
                    && r.Key.RollingPeriod == key.Key.RollingPeriod && r.DaysSinceOnsetOfSymptoms == key.DaysSinceOnsetOfSymptoms);
            }
        }

        // The list is conditional (ETag → 304), and nothing is listed twice or after a second publish.
        ExportFileListing again = await downloader.ListFilesAsync("440", result.Cursor, default);
        Assert.True(again.NotModified);
        using var admin2 = new HttpRequestMessage(HttpMethod.Post, "api/admin/publish");
        admin2.Headers.Authorization = admin.Headers.Authorization;
        using HttpResponseMessage second = await _server.Client.SendAsync(admin2);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Empty((await downloader.ListFilesAsync("440", result.Cursor with { ETag = null }, default)).Files);

        // Google's index.txt lists the same file; CDN headers: zips immutable, lists short-lived.
        var viaIndex = new ExportDownloadClient(_http, new ExportDownloadClientOptions { BaseAddress = _server.BaseAddress, ListFormat = ExportListFormat.IndexTxt });
        ExportFileReference indexed = Assert.Single((await viaIndex.ListFilesAsync("440", ExportCursor.Initial, default)).Files);
        await using (Stream zip = await viaIndex.OpenFileAsync(indexed, default))
        await using (ExportFileReader reader = await ExportFileReader.OpenAsync(zip, trusted))
        {
            Assert.Equal(digest, reader.ExportBinSha256.ToArray());
        }

        using HttpResponseMessage zipResponse = await _http.GetAsync(file.Location);
        Assert.Equal("public, max-age=31536000, immutable", zipResponse.Headers.CacheControl!.ToString());
        using HttpResponseMessage list = await _server.Client.GetAsync("c19r/440/list.json");
        Assert.Equal(60, (int)list.Headers.CacheControl!.MaxAge!.Value.TotalSeconds);

        // A reader that trusts another key refuses the file instead of handing its keys to the matcher.
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var distrustful = new ExportReaderOptions { TrustedKeys = ExportPublicKeySet.FromPem(otherKey.ExportSubjectPublicKeyInfoPem()) };
        await using Stream again2 = await downloader.OpenFileAsync(file, default);
        await Assert.ThrowsAsync<ExportFormatException>(async () => await ExportFileReader.OpenAsync(again2, distrustful));
    }

    [MachineFact]
    public async Task Cocoa_submit_registers_keys_from_a_keys_file()
    {
        ProcessingNumber number = await _healthCenter.IssueNumberAsync();
        uint start = EnIntervalNumber.Now(TimeProvider.System).DayStart.Value - 144;
        string keysFile = Path.Combine(_server.DataDirectory, "keys.json");
        await File.WriteAllTextAsync(keysFile, $$"""
            [{"keyData":"{{Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))}}","rollingStartIntervalNumber":{{start}},"rollingPeriod":144,"transmissionRiskLevel":4,"reportType":1,"daysSinceOnsetOfSymptoms":0},
             {"keyData":"{{Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))}}","rollingStartIntervalNumber":{{start - 144}},"rollingPeriod":144}]
            """);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = Cocoa.Cli.CocoaCli.Run(["submit", "--server", _server.BaseAddress.AbsoluteUri, "--processing-number", number.Value, "--keys", keysFile], stdout, stderr);
        Assert.Equal(0, exit);
        Assert.Equal("""{"status":"accepted","httpStatus":200,"attempts":1}""", stdout.ToString().Trim());
        Assert.Equal((2L, 2L), await _server.Service<IKeyStore>().CountKeysAsync(default));

        exit = Cocoa.Cli.CocoaCli.Run(["submit", "--server", _server.BaseAddress.AbsoluteUri, "--processing-number", number.Value, "--keys", keysFile], stdout, stderr);
        Assert.Equal(1, exit);
        Assert.Contains("invalid-processing-number", stdout.ToString(), StringComparison.Ordinal);
    }

    [MachineFact]
    public async Task A_retried_request_with_the_same_idempotency_key_is_accepted_and_stores_nothing_twice()
    {
        ProcessingNumber number = await _healthCenter.IssueNumberAsync();
        (System.Text.Json.Nodes.JsonObject body, List<byte[]> keys) = SubmissionBodies.Valid(DateTimeOffset.UtcNow, number.Value, days: 4);
        string json = body.ToJsonString();
        for (int attempt = 0; attempt < 2; attempt++)
        {
            using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
            using HttpResponseMessage response = await _server.Client.PutAsync("api/v3/diagnosis", content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal((4L, 4L), await _server.Service<IKeyStore>().CountKeysAsync(default));

        // A new request (new idempotency key) with the used number is refused.
        body["idempotency_key"] = Guid.NewGuid().ToString();
        using var fresh = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using HttpResponseMessage refused = await _server.Client.PutAsync("api/v3/diagnosis", fresh);
        Assert.Equal(HttpStatusCode.NotAcceptable, refused.StatusCode);
    }

    [MachineFact]
    public async Task The_health_center_being_down_gives_503_with_retries_and_nothing_stored()
    {
        ProcessingNumber number = await _healthCenter.IssueNumberAsync();
        await _healthCenter.StopAsync();
        DiagnosisSubmissionResult result = await Client(maxAttempts: 3).SubmitAsync(number, KeyHistory(3), true, DateTimeOffset.UtcNow);
        Assert.Equal(DiagnosisSubmissionStatus.ServerUnavailable, result.Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, result.StatusCode);
        Assert.Equal(3, result.Attempts);
        Assert.Equal((0L, 0L), await _server.Service<IKeyStore>().CountKeysAsync(default));
    }

    [MachineFact]
    public async Task Chaff_from_the_client_is_accepted_and_never_reaches_the_health_center()
    {
        await _healthCenter.StopAsync();
        DiagnosisSubmissionResult result = await Client().SendChaffAsync();
        Assert.Equal(DiagnosisSubmissionStatus.Accepted, result.Status);
        Assert.Equal((0L, 0L), await _server.Service<IKeyStore>().CountKeysAsync(default));
    }

    [MachineFact]
    public async Task Repeated_failed_verifications_from_one_client_are_rate_limited()
    {
        var client = Client();
        DiagnosisSubmissionResult last = default!;
        for (int i = 0; i < 11; i++)
        {
            last = await client.SubmitAsync(RandomNumberGenerator.GetInt32(100_000_000).ToString("D8", System.Globalization.CultureInfo.InvariantCulture), KeyHistory(1), true, DateTimeOffset.UtcNow);
        }

        Assert.Equal(DiagnosisSubmissionStatus.RateLimited, last.Status);
    }
}

public sealed class SqliteEndToEndTests : EndToEndTests
{
    private protected override Task<string?> DatabaseAsync() => Task.FromResult<string?>(null);
}

[Requires(MachineDependency.Postgres)]
public sealed class PostgresEndToEndTests : EndToEndTests
{
    private PostgresTestDatabase? _database;

    private protected override async Task<string?> DatabaseAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("cocoa_ns_e2e");
        return _database.ConnectionString;
    }

    private protected override async Task DisposeDatabaseAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
