using System.Security.Cryptography;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Runtime;
using Cocoa.Sdk.Runtime.Internal;
using Cocoa.Sdk.Simulation;
using Microsoft.Extensions.Options;
using Xunit;

namespace Cocoa.Sdk.Tests.Runtime;

/// <summary>The check's orchestration on the real pipeline: cursors, digests, failures, crash safety, once-per-day notification.</summary>
public sealed class ExposureCheckTests : IAsyncLifetime
{
    private static readonly DateTimeOffset ContactDay = RuntimeHarness.Start;
    private readonly RuntimeHarness _h = new();
    private readonly ECDsa _signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private SimulatedDevice _phone = null!;

    public Task InitializeAsync()
    {
        _phone = _h.Air.AddDevice("phone", RadioProfile.Pixel4, new Position(0, 0));
        _h.Time.Advance(TimeSpan.FromDays(2)); // the checks run two days after the contacts
        return Task.CompletedTask;
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
        source.Publish("440", Export(Keys(3)));
        source.Publish("440", Export(Keys(2)));

        var first = await client.CheckExposureAsync();
        Assert.True(first.Succeeded);
        Assert.Equal(2, first.FilesProcessed);
        Assert.Equal(5, first.KeysProcessed);
        Assert.Equal(2, client.Store.GetCursor("440").LastCreated);

        var second = await client.CheckExposureAsync();
        Assert.Equal(0, second.FilesProcessed);

        source.Publish("440", Export(Keys(4)));
        var third = await client.CheckExposureAsync();
        Assert.Equal(1, third.FilesProcessed);
        Assert.Equal(4, third.KeysProcessed);
        Assert.Equal(3, client.Store.GetCursor("440").LastCreated);
        Assert.Equal(_h.Time.GetUtcNow(), client.GetStatus().LastSuccessfulCheck);
    }

    [Fact]
    public async Task An_identical_file_listed_again_is_recognised_by_its_digest_and_not_matched_again()
    {
        var source = new InMemoryExportFileSource();
        await using var client = await ConsentedClientAsync(source);
        TemporaryExposureKey positive = PlantedContacts.DayKey(ContactDay);
        Plant(client, positive, ContactDay.AddHours(3), 20);
        byte[] file = Export([PlantedContacts.Published(positive)]);
        source.Publish("440", file);
        Assert.Single((await client.CheckExposureAsync()).NewHighRiskDays);
        int windows = client.Store.GetWindows().Count;

        source.Publish("440", file);
        var result = await client.CheckExposureAsync();
        Assert.Equal(1, result.FilesProcessed);
        Assert.Equal(0, result.KeysProcessed); // read and verified, but known: not matched again
        Assert.Empty(result.NewHighRiskDays);
        Assert.Equal(windows, client.Store.GetWindows().Count);
        Assert.Equal(2, client.Store.GetCursor("440").LastCreated);
    }

    [Fact]
    public async Task The_same_key_published_again_in_another_file_counts_once()
    {
        var source = new InMemoryExportFileSource();
        await using var client = await ConsentedClientAsync(source);
        TemporaryExposureKey positive = PlantedContacts.DayKey(ContactDay);
        Plant(client, positive, ContactDay.AddHours(3), 10); // 10 minutes: below the rule, twice would reach it
        source.Publish("440", Export([PlantedContacts.Published(positive), .. Keys(2)]));
        source.Publish("440", Export([.. Keys(3), PlantedContacts.Published(positive)]));

        var result = await client.CheckExposureAsync();
        Assert.Equal(2, result.FilesProcessed);
        Assert.Empty(result.NewHighRiskDays);
        ExposureDay day = Assert.Single(client.GetExposureDays());
        Assert.Equal(600, day.ScanSeconds);
    }

    [Fact]
    public async Task A_listing_failure_stops_the_region_and_the_next_check_resumes()
    {
        var inner = new InMemoryExportFileSource();
        inner.Publish("440", Export(Keys(2)));
        var source = new FlakySource(inner) { ListFailures = 1 };
        await using var client = await ConsentedClientAsync(source);

        var failed = await client.CheckExposureAsync();
        Assert.False(failed.Succeeded);
        Assert.Contains("listing failed", Assert.Single(failed.Errors), StringComparison.Ordinal);
        Assert.Equal(ExportCursor.Initial, client.Store.GetCursor("440"));

        var result = await client.CheckExposureAsync();
        Assert.True(result.Succeeded);
        Assert.Equal(1, result.FilesProcessed);
    }

    [Fact]
    public async Task A_download_that_keeps_failing_stops_the_region_at_the_last_processed_file()
    {
        var inner = new InMemoryExportFileSource();
        inner.Publish("440", Export(Keys(1)));
        inner.Publish("440", Export(Keys(2)));
        inner.Publish("440", Export(Keys(3)));
        var source = new FlakySource(inner) { BrokenSequence = 2 };
        await using var client = await ConsentedClientAsync(source);

        var failed = await client.CheckExposureAsync();
        Assert.False(failed.Succeeded);
        Assert.Equal(1, failed.FilesProcessed);
        Assert.Equal(1, client.Store.GetCursor("440").LastCreated);
        var error = Assert.Single(failed.Errors);
        Assert.Contains("440/2.zip", error, StringComparison.Ordinal);
        Assert.Contains("connection reset", error, StringComparison.Ordinal);
        Assert.Empty(failed.RejectedFiles);
        var status = client.GetStatus();
        Assert.Equal(_h.Time.GetUtcNow(), status.LastCheck);
        Assert.Null(status.LastSuccessfulCheck);

        source.BrokenSequence = null;
        var recovered = await client.CheckExposureAsync();
        Assert.True(recovered.Succeeded);
        Assert.Equal(2, recovered.FilesProcessed);
        Assert.Equal(5, recovered.KeysProcessed);
    }

    [Fact]
    public async Task A_file_not_signed_by_a_trusted_key_is_rejected_with_its_reason_and_the_check_goes_on()
    {
        var source = new InMemoryExportFileSource();
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var client = await ConsentedClientAsync(source, o =>
        {
            o.AllowUnverifiedExports = false;
            o.TrustedExportKeys = TestExports.TrustedKeys(_signer);
        });
        source.Publish("440", Export(Keys(2)));
        source.Publish("440", TestExports.Create(Keys(2), stranger));
        source.Publish("440", Export(Keys(3)));

        var result = await client.CheckExposureAsync();
        Assert.True(result.Succeeded, string.Join(";", result.Errors));
        Assert.Equal(2, result.FilesProcessed);
        Assert.Equal(5, result.KeysProcessed);
        RejectedExportFile rejected = Assert.Single(result.RejectedFiles);
        Assert.Equal("440/2.zip", rejected.Location);
        Assert.StartsWith("Signature", rejected.Reason, StringComparison.Ordinal);
        Assert.Equal(3, client.Store.GetCursor("440").LastCreated);
        Assert.Single(client.Store.GetRejectedFiles());
        Assert.Contains(_h.Logger.Lines, l => l.Contains("rejected and skipped", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("commit.after-window")]
    [InlineData("commit.after-day")]
    [InlineData("commit.after-file")]
    public async Task A_crash_while_committing_a_file_leaves_nothing_of_it_and_the_next_check_resumes_there(string point)
    {
        var source = new InMemoryExportFileSource();
        await using var client = await ConsentedClientAsync(source);
        TemporaryExposureKey a = PlantedContacts.DayKey(ContactDay), b = PlantedContacts.DayKey(ContactDay);
        Plant(client, a, ContactDay.AddHours(2), 8);
        Plant(client, b, ContactDay.AddHours(5), 8);
        source.Publish("440", Export([PlantedContacts.Published(a)]));
        source.Publish("440", Export([PlantedContacts.Published(b)]));

        int hits = 0;
        client.Store.FaultInjector = p =>
        {
            if (p == point && ++hits == 2)
            {
                throw new IOException("power lost");
            }
        };
        await Assert.ThrowsAsync<IOException>(() => client.CheckExposureAsync());
        client.Store.FaultInjector = null;
        Assert.Equal(1, client.Store.GetCursor("440").LastCreated); // the first file committed, the second not at all
        Assert.DoesNotContain(client.GetExposureDays(), d => d.IsHighRisk);

        var resumed = await client.CheckExposureAsync();
        Assert.True(resumed.Succeeded);
        Assert.Equal(1, resumed.FilesProcessed);
        ExposureDay day = Assert.Single(resumed.NewHighRiskDays); // 8 + 8 minutes at 1 m: the two files add up
        Assert.Equal(960, day.ScanSeconds);
    }

    [Fact]
    public async Task A_cancelled_check_keeps_what_it_committed_and_the_next_one_finishes()
    {
        var inner = new InMemoryExportFileSource();
        inner.Publish("440", Export(Keys(1)));
        inner.Publish("440", Export(Keys(2)));
        using var cts = new CancellationTokenSource();
        var source = new FlakySource(inner) { CancelAtSequence = (2, cts) };
        await using var client = await ConsentedClientAsync(source);
        source.CancelOnceTrue = () => client.Store.GetCursor("440").LastCreated == 1; // the first file is committed

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.CheckExposureAsync(cts.Token));
        Assert.Equal(1, client.Store.GetCursor("440").LastCreated);

        source.CancelAtSequence = null;
        var result = await client.CheckExposureAsync();
        Assert.Equal(1, result.FilesProcessed);
        Assert.Equal(2, result.KeysProcessed);
    }

    [Fact]
    public async Task A_new_high_risk_day_is_notified_once_with_the_guidance_even_as_more_files_arrive()
    {
        var source = new InMemoryExportFileSource();
        var handler = new RecordingHandler();
        await using var client = await ConsentedClientAsync(source, o => o.Guidance = ExposureGuidance.English, handler);
        TemporaryExposureKey a = PlantedContacts.DayKey(ContactDay), b = PlantedContacts.DayKey(ContactDay), c = PlantedContacts.DayKey(ContactDay.AddDays(1));
        Plant(client, a, ContactDay.AddHours(2), 20);
        Plant(client, b, ContactDay.AddHours(6), 5);
        Plant(client, c, ContactDay.AddDays(1).AddHours(2), 3);
        var date = DateOnly.FromDateTime(ContactDay.UtcDateTime);

        source.Publish("440", Export([PlantedContacts.Published(a)]));
        var first = await client.CheckExposureAsync();
        source.Publish("440", Export([PlantedContacts.Published(b), PlantedContacts.Published(c)]));
        var second = await client.CheckExposureAsync();

        Assert.Equal(date, Assert.Single(first.NewHighRiskDays).Date);
        Assert.Empty(second.NewHighRiskDays);
        ExposureDetectedEventArgs e = Assert.Single(handler.Events);
        Assert.Equal(date, e.Day.Date);
        Assert.Contains("testing outpatient clinic", e.Guidance.Message, StringComparison.Ordinal);
        Assert.Contains("call center", e.Guidance.Message, StringComparison.Ordinal);
        Assert.Contains("free", e.Guidance.Message, StringComparison.Ordinal);
        Assert.Equal([date], client.GetStatus().HighRiskDays);
        IReadOnlyList<ExposureDay> days = client.GetExposureDays();
        Assert.Equal(2, days.Count);
        Assert.Equal(1500, days[0].ScanSeconds); // the second file's 5 minutes were added to the day
        Assert.False(days[1].IsHighRisk);
    }

    [Fact]
    public async Task A_failing_handler_does_not_break_the_check_and_the_day_is_still_notified_once()
    {
        var source = new InMemoryExportFileSource();
        var handler = new RecordingHandler { Fail = true };
        await using var client = await ConsentedClientAsync(source, null, handler);
        TemporaryExposureKey a = PlantedContacts.DayKey(ContactDay);
        Plant(client, a, ContactDay.AddHours(2), 20);
        source.Publish("440", Export([PlantedContacts.Published(a)]));

        var result = await client.CheckExposureAsync();
        Assert.Single(result.NewHighRiskDays);
        Assert.Single(handler.Events);
        Assert.Contains(_h.Logger.Lines, l => l.Contains("handler failed", StringComparison.Ordinal));
        Assert.Empty((await client.CheckExposureAsync()).NewHighRiskDays);
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

    private static void Plant(ExposureNotificationClient client, TemporaryExposureKey key, DateTimeOffset start, int minutes) =>
        PlantedContacts.Plant(client.Store, key, start, minutes, PlantedContacts.OneMetreDb, RadioProfile.Pixel4.Calibration.RssiCorrectionDb);

    private async Task<ExposureNotificationClient> ConsentedClientAsync(IExportFileSource source, Action<ExposureNotificationOptions>? configure = null, IExposureDetectedHandler? handler = null)
    {
        ExposureNotificationClient client = Client(source, configure, handler);
        await client.GrantConsentAsync();
        Plant(client, PlantedContacts.DayKey(ContactDay), ContactDay.AddHours(1), 1); // something heard, from nobody who is listed
        return client;
    }

    private ExposureNotificationClient Client(IExportFileSource source, Action<ExposureNotificationOptions>? configure = null, IExposureDetectedHandler? handler = null)
    {
        var options = new ExposureNotificationOptions
        {
            DatabasePath = _h.Files.PathFor("phone-" + Guid.NewGuid().ToString("n") + ".db"),
            AllowUnverifiedExports = true,
            Calibration = RadioProfile.Pixel4.Calibration,
            DurableWrites = false,
        };
        configure?.Invoke(options);
        return new ExposureNotificationClient(
            Options.Create(options), _phone.Advertiser, _phone.Scanner, _h.Time, source, _h.Logger, handler is null ? null : [handler], new SeededRandomSource(1));
    }

    private byte[] Export(IEnumerable<DiagnosisKey> keys) => TestExports.Create(keys, _signer);

    private static List<DiagnosisKey> Keys(int count) =>
        Enumerable.Range(0, count).Select(_ => PlantedContacts.Published(PlantedContacts.DayKey(ContactDay))).ToList();

    private sealed class RecordingHandler : IExposureDetectedHandler
    {
        public List<ExposureDetectedEventArgs> Events { get; } = [];

        public bool Fail { get; init; }

        public Task OnExposureDetectedAsync(ExposureDetectedEventArgs exposure, CancellationToken cancellationToken)
        {
            Events.Add(exposure);
            return Fail ? throw new InvalidOperationException("the app crashed") : Task.CompletedTask;
        }
    }

    /// <summary>A source whose network fails on demand (the in-memory source has no network to fail).</summary>
    private sealed class FlakySource(InMemoryExportFileSource inner) : IExportFileSource
    {
        public int ListFailures { get; set; }

        public long? BrokenSequence { get; set; }

        public (long Sequence, CancellationTokenSource Cts)? CancelAtSequence { get; set; }

        public Task<ExportFileListing> ListFilesAsync(string region, ExportCursor after, CancellationToken cancellationToken) =>
            ListFailures-- > 0 ? throw new HttpRequestException("connection refused") : inner.ListFilesAsync(region, after, cancellationToken);

        /// <summary>When set, opening the file of <see cref="CancelAtSequence"/> first waits until this returns true.</summary>
        public Func<bool>? CancelOnceTrue { get; set; }

        public async Task<Stream> OpenFileAsync(ExportFileReference file, CancellationToken cancellationToken)
        {
            if (CancelAtSequence is { } cancel && cancel.Sequence == file.Cursor.LastCreated)
            {
                // The pipeline opens files ahead of the commits: let the test decide how far the check has got (bounded, so
                // a regression that never gets there fails instead of hanging).
                DateTime giveUp = DateTime.UtcNow.AddMinutes(2);
                while (CancelOnceTrue is { } ready && !ready())
                {
                    Assert.True(DateTime.UtcNow < giveUp, "the check never got as far as the test waits for");
                    await Task.Delay(5, cancellationToken);
                }

                await cancel.Cts.CancelAsync();
                cancellationToken.ThrowIfCancellationRequested();
            }

            return file.Cursor.LastCreated == BrokenSequence ? throw new IOException("connection reset") : await inner.OpenFileAsync(file, cancellationToken);
        }
    }
}
