using System.Security.Cryptography;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Runtime;
using Cocoa.Sdk.Runtime.Internal;
using Cocoa.Sdk.Simulation;
using Cocoa.Sdk.Storage.Internal;
using Microsoft.Extensions.Options;
using Xunit;

namespace Cocoa.Sdk.Tests.Runtime;

/// <summary>The check's orchestration: cursors, caching, retries, failures, once-per-day events. Matching is replaced by a recording double.</summary>
public sealed class ExposureCheckTests : IAsyncLifetime
{
    private readonly RuntimeHarness _h = new();
    private readonly ECDsa _signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly RecordingEvaluator _evaluator = new();
    private SimulatedDevice _phone = null!;
    private SimulatedDevice _other = null!;

    public async Task InitializeAsync()
    {
        _phone = _h.Air.AddDevice("phone", RadioProfile.Pixel4, new Position(0, 0));
        _other = _h.Air.AddDevice("other", RadioProfile.Pixel4, new Position(1, 0));
        await Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _signer.Dispose();
        await _h.DisposeAsync();
    }

    [Fact]
    public async Task Checks_need_consent_and_a_trusted_key()
    {
        var source = new InMemoryExportFileSource();
        await using var client = Client(source);
        await Assert.ThrowsAsync<ConsentRequiredException>(() => client.CheckExposureAsync());

        await using var unverified = new ExposureNotificationClient(
            Options.Create(new ExposureNotificationOptions { DatabasePath = _h.Files.PathFor("nokeys.db") }), _phone.Advertiser, _phone.Scanner, _h.Time, source);
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => unverified.CheckExposureAsync());
        Assert.Contains("TrustedExportKeys", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_file_is_processed_once_and_the_cursor_advances_after_it()
    {
        var source = new InMemoryExportFileSource();
        await using var client = await ConsentedClientAsync(source);
        source.Publish("440", Export(3));
        source.Publish("440", Export(2));

        var first = await client.CheckExposureAsync();
        Assert.True(first.Succeeded);
        Assert.Equal(2, first.FilesProcessed);
        Assert.Equal(5, first.KeysProcessed);
        Assert.Equal("2", client.Store.GetCursor("440"));

        var second = await client.CheckExposureAsync();
        Assert.Equal(0, second.FilesProcessed);

        source.Publish("440", Export(4));
        var third = await client.CheckExposureAsync();
        Assert.Equal(1, third.FilesProcessed);
        Assert.Equal(4, third.KeysProcessed);
        Assert.Equal(new[] { 3, 2, 4 }, _evaluator.KeyCounts);
        Assert.Equal("3", client.Store.GetCursor("440"));
        var status = await client.GetStatusAsync();
        Assert.Equal(_h.Time.GetUtcNow(), status.LastSuccessfulCheck);
    }

    [Fact]
    public async Task An_identical_file_listed_again_is_not_matched_again()
    {
        var source = new InMemoryExportFileSource();
        await using var client = await ConsentedClientAsync(source);
        byte[] file = Export(3);
        source.Publish("440", file);
        await client.CheckExposureAsync();
        source.Publish("440", file);

        var result = await client.CheckExposureAsync();
        Assert.Equal(1, result.FilesProcessed);
        Assert.Equal(0, result.KeysProcessed);
        Assert.Single(_evaluator.KeyCounts);
        Assert.Equal("2", client.Store.GetCursor("440"));
    }

    [Fact]
    public async Task Transient_failures_are_retried_with_exponential_backoff_on_the_clock()
    {
        var inner = new InMemoryExportFileSource();
        inner.Publish("440", Export(2));
        var source = new FlakySource(inner) { ListFailures = 2 };
        await using var client = await ConsentedClientAsync(source);

        DateTimeOffset started = _h.Time.GetUtcNow();
        Task<ExposureCheckResult> check = client.CheckExposureAsync();
        while (!check.IsCompleted && _h.Time.GetUtcNow() - started < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(5); // let the retry loop reach its next delay on the fake clock
            _h.Time.Advance(TimeSpan.FromMilliseconds(250));
        }

        var result = await check.WaitAsync(TimeSpan.FromSeconds(10));
        TimeSpan waited = _h.Time.GetUtcNow() - started;
        Assert.InRange(waited, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(17)); // 5 s, then 10 s
        Assert.Contains(_h.Logger.Lines, l => l.Contains("retrying in 00:00:05", StringComparison.Ordinal));
        Assert.Contains(_h.Logger.Lines, l => l.Contains("retrying in 00:00:10", StringComparison.Ordinal));
        Assert.True(result.Succeeded);
        Assert.Equal(1, result.FilesProcessed);
        Assert.Equal(3, source.ListCalls);
        Assert.Contains(_h.Logger.Lines, l => l.Contains("retrying", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_download_that_keeps_failing_stops_the_region_at_the_last_processed_file()
    {
        var inner = new InMemoryExportFileSource();
        inner.Publish("440", Export(1));
        inner.Publish("440", Export(2));
        inner.Publish("440", Export(3));
        var source = new FlakySource(inner) { BrokenCursor = "2" };
        await using var client = await ConsentedClientAsync(source, o => o.RetryDelay = TimeSpan.Zero);

        var failed = await client.CheckExposureAsync();
        Assert.False(failed.Succeeded);
        Assert.Equal(1, failed.FilesProcessed);
        Assert.Equal("1", client.Store.GetCursor("440"));
        var error = Assert.Single(failed.Errors);
        Assert.Contains("440/2.zip", error, StringComparison.Ordinal);
        Assert.Contains("connection reset", error, StringComparison.Ordinal);
        Assert.Equal(3, _h.Logger.Lines.Count(l => l.Contains("retrying", StringComparison.Ordinal)));
        var status = await client.GetStatusAsync();
        Assert.Equal(_h.Time.GetUtcNow(), status.LastCheck);
        Assert.Null(status.LastSuccessfulCheck);

        source.BrokenCursor = null;
        var recovered = await client.CheckExposureAsync();
        Assert.True(recovered.Succeeded);
        Assert.Equal(2, recovered.FilesProcessed);
        Assert.Equal(new[] { 1, 2, 3 }, _evaluator.KeyCounts);
    }

    [Fact]
    public async Task A_file_not_signed_by_a_trusted_key_is_rejected_and_the_cursor_stays()
    {
        var source = new InMemoryExportFileSource();
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var client = await ConsentedClientAsync(source, o =>
        {
            o.AllowUnverifiedExports = false;
            o.TrustedExportKeys = TestExports.TrustedKeys(_signer);
        });
        source.Publish("440", Export(2));
        source.Publish("440", TestExports.Create(Keys(2), stranger));

        var result = await client.CheckExposureAsync();
        Assert.False(result.Succeeded);
        Assert.Equal(1, result.FilesProcessed);
        Assert.Equal("1", client.Store.GetCursor("440"));
        Assert.Contains("rejected", Assert.Single(result.Errors), StringComparison.Ordinal);
        Assert.Single(_evaluator.KeyCounts);
    }

    [Fact]
    public async Task A_new_high_risk_day_raises_the_event_once_with_the_guidance()
    {
        var source = new InMemoryExportFileSource();
        var handler = new RecordingHandler();
        var date = DateOnly.FromDateTime(RuntimeHarness.Start.UtcDateTime);
        _evaluator.Result = [new ExposureDayRecord(date, true, 2500, 1200, false), new ExposureDayRecord(date.AddDays(1), false, 30, 300, false)];
        await using var client = await ConsentedClientAsync(source, o => o.Guidance = ExposureGuidance.English, handler);
        var events = new List<ExposureDetectedEventArgs>();
        client.ExposureDetected += (_, e) => events.Add(e);

        source.Publish("440", Export(2));
        var first = await client.CheckExposureAsync();
        source.Publish("440", Export(2));
        var second = await client.CheckExposureAsync();

        var day = Assert.Single(first.NewHighRiskDays);
        Assert.Equal(date, day.Date);
        Assert.Empty(second.NewHighRiskDays);
        var e = Assert.Single(events);
        Assert.Same(e, Assert.Single(handler.Events));
        Assert.Equal(date, e.Day.Date);
        Assert.Contains("testing outpatient clinic", e.Guidance.Message, StringComparison.Ordinal);
        Assert.Contains("call center", e.Guidance.Message, StringComparison.Ordinal);
        Assert.Contains("free", e.Guidance.Message, StringComparison.Ordinal);
        Assert.Equal([date], (await client.GetStatusAsync()).HighRiskDays);
        Assert.Equal(2, (await client.GetExposureDaysAsync()).Count);
    }

    [Fact]
    public void The_default_guidance_is_japanese_and_names_the_clinic_the_call_center_and_free_testing()
    {
        var g = ExposureGuidance.Japanese;
        Assert.Contains("帰国者・接触者外来", g.Message, StringComparison.Ordinal);
        Assert.Contains("コールセンター", g.Message, StringComparison.Ordinal);
        Assert.Contains("費用", g.Message, StringComparison.Ordinal);
        Assert.Same(g, new ExposureNotificationOptions().Guidance);
    }

    private async Task<ExposureNotificationClient> ConsentedClientAsync(IExportFileSource source, Action<ExposureNotificationOptions>? configure = null, IExposureDetectedHandler? handler = null)
    {
        var client = Client(source, configure, handler);
        await client.GrantConsentAsync();
        // Something to match against: a few sightings from the other phone.
        await client.StartAsync();
        var other = _other.CreateClient(o => o.DatabasePath = _h.Files.PathFor("other-" + Guid.NewGuid().ToString("n") + ".db"));
        await other.GrantConsentAsync();
        await other.StartAsync();
        _h.Advance(TimeSpan.FromMinutes(10));
        await other.DisposeAsync();
        return client;
    }

    private ExposureNotificationClient Client(IExportFileSource source, Action<ExposureNotificationOptions>? configure = null, IExposureDetectedHandler? handler = null)
    {
        var options = new ExposureNotificationOptions { DatabasePath = _h.Files.PathFor("phone-" + Guid.NewGuid().ToString("n") + ".db"), AllowUnverifiedExports = true };
        configure?.Invoke(options);
        return new ExposureNotificationClient(
            Options.Create(options), _phone.Advertiser, _phone.Scanner, _h.Time, source, _h.Logger, handler is null ? null : [handler],
            new SeededRandomSource(1), DefaultCheckComponents.CreateReader(options), _evaluator);
    }

    private byte[] Export(int keyCount) => TestExports.Create(Keys(keyCount), _signer);

    private static List<DiagnosisKey> Keys(int count) =>
        Enumerable.Range(0, count)
            .Select(_ => new DiagnosisKey(TemporaryExposureKey.Generate(EnIntervalNumber.FromDateTimeOffset(RuntimeHarness.Start)), 4))
            .ToList();

    private sealed class RecordingEvaluator : IExposureEvaluator, IExposureEvaluation
    {
        public List<int> KeyCounts { get; } = [];

        public IReadOnlyList<ExposureDayRecord> Result { get; set; } = [];

        public IExposureEvaluation Begin(IReadOnlyList<SightingRecord> sightings, IReadOnlyList<ScanRecord> scans, int rssiCorrectionDb, DateTimeOffset now)
        {
            Assert.NotEmpty(sightings);
            Assert.NotEmpty(scans);
            return this;
        }

        public async Task<IReadOnlyList<ExposureDayRecord>> EvaluateAsync(IAsyncEnumerable<DiagnosisKey> keys, CancellationToken cancellationToken)
        {
            int count = 0;
            await foreach (DiagnosisKey _ in keys.WithCancellation(cancellationToken))
            {
                count++;
            }

            KeyCounts.Add(count);
            return Result;
        }
    }

    private sealed class RecordingHandler : IExposureDetectedHandler
    {
        public List<ExposureDetectedEventArgs> Events { get; } = [];

        public Task OnExposureDetectedAsync(ExposureDetectedEventArgs exposure, CancellationToken cancellationToken)
        {
            Events.Add(exposure);
            return Task.CompletedTask;
        }
    }

    private sealed class FlakySource(IExportFileSource inner) : IExportFileSource
    {
        public int ListFailures { get; set; }

        public string? BrokenCursor { get; set; }

        public int ListCalls { get; private set; }

        public Task<IReadOnlyList<ExportFileReference>> ListFilesAsync(string region, string? afterCursor, CancellationToken cancellationToken)
        {
            ListCalls++;
            if (ListFailures-- > 0)
            {
                throw new HttpRequestException("connection refused");
            }

            return inner.ListFilesAsync(region, afterCursor, cancellationToken);
        }

        public Task<Stream> OpenFileAsync(ExportFileReference file, CancellationToken cancellationToken) =>
            file.Cursor == BrokenCursor ? throw new IOException("connection reset") : inner.OpenFileAsync(file, cancellationToken);
    }
}
