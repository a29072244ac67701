using System.Security.Cryptography;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Runtime;
using Cocoa.Sdk.Simulation;
using Cocoa.Sdk.Storage.Internal;
using Cocoa.Sdk.Tests.Storage;
using Xunit;
using Xunit.Abstractions;

namespace Cocoa.Sdk.Tests.Runtime;

/// <summary>
/// Two phones over 15 simulated days on a fake clock: daily keys, Bluetooth off, three contacts (1 m / 20 min, 5 m / 30 min,
/// 1 m / 5 min), a positive registration whose keys are published to an in-process export source, the exposure check,
/// the 14-day purge, and consent withdrawal checked by counting the rows of every table in the SQLite file.
/// </summary>
public sealed class TwoPhoneScenarioTests(ITestOutputHelper output)
{
    private static readonly Position Home = new(0, 0);
    private static readonly Position FarAway = new(1000, 0);

    [Theory]
    [InlineData(20260301)]
    [InlineData(7)]
    [InlineData(1234567)]
    public async Task Fifteen_days_with_two_phones(int seed)
    {
        await using var h = new RuntimeHarness(seed);
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var server = new InMemoryExportFileSource();
        var alice = h.Air.AddDevice("alice", RadioProfile.Pixel4, Home);
        var bob = h.Air.AddDevice("bob", RadioProfile.FleetAverage, FarAway);
        void Trust(ExposureNotificationOptions o)
        {
            o.AllowUnverifiedExports = false;
            o.TrustedExportKeys = TestExports.TrustedKeys(signer);
        }

        var events = new List<ExposureDetectedEventArgs>();
        var aliceApp = h.CreateClient(alice, server, Trust, new EventCollector(events));
        var bobApp = h.CreateClient(bob, server, Trust);
        foreach (var app in new[] { aliceApp, bobApp })
        {
            await app.GrantConsentAsync();
            await app.StartAsync();
        }

        DateTimeOffset Day(int d, int hour = 0, int minute = 0) => RuntimeHarness.Start.AddDays(d).AddHours(hour).AddMinutes(minute);
        DateOnly Date(int d) => DateOnly.FromDateTime(RuntimeHarness.Start.AddDays(d).UtcDateTime);
        void Meet(DateTimeOffset from, TimeSpan duration, double metres)
        {
            h.AdvanceTo(from);
            bob.Position = new Position(metres, 0);
            h.Advance(duration);
            bob.Position = FarAway;
        }

        Meet(Day(1, 10), TimeSpan.FromMinutes(20), 1);   // close contact: 1 m for 20 minutes
        Meet(Day(3, 14), TimeSpan.FromMinutes(30), 5);   // 5 m for 30 minutes
        Meet(Day(5, 9), TimeSpan.FromMinutes(5), 1);     // 1 m for only 5 minutes

        // Day 6: Bob switches Bluetooth off; a 1 m meeting that day leaves no trace on either phone.
        h.AdvanceTo(Day(6));
        bob.BluetoothEnabled = false;
        Assert.Equal(ExposureNotificationState.BluetoothOff, bobApp.GetStatus().State);
        Meet(Day(6, 12), TimeSpan.FromMinutes(30), 1);
        h.AdvanceTo(Day(7));
        Assert.Empty(bobApp.Store.GetScans(Day(6)));
        Assert.Empty(bobApp.Store.GetSightings(Day(6)));
        Assert.DoesNotContain(aliceApp.Store.GetSightings(Day(6)), s => s.SeenAt < Day(7));
        bob.BluetoothEnabled = true;
        Assert.Equal(ExposureNotificationState.Active, bobApp.GetStatus().State);

        // Keys rotate daily: one key per day, day-aligned, never repeated.
        h.AdvanceTo(Day(10, 8));
        var aliceKeys = aliceApp.Store.GetKeys().Select(k => k.Key).ToList();
        Assert.Equal(11, aliceKeys.Count);
        Assert.Equal(Enumerable.Range(0, 11).Select(d => EnIntervalNumber.FromDateTimeOffset(Day(d))), aliceKeys.Select(k => k.RollingStartIntervalNumber));
        Assert.Equal(11, aliceKeys.Select(k => k.ToKeyHex()).Distinct().Count());

        // Day 10: Bob tests positive and registers; the notification server publishes his keys.
        var bobKeys = await bobApp.ReleaseTemporaryExposureKeysAsync();
        Assert.Equal(11, bobKeys.Count);
        server.Publish("440", TestExports.Create(bobKeys.Select(k => new DiagnosisKey(k, 4, ReportType.ConfirmedTest)), signer));

        // Alice's background check finds exactly one high-risk day: the 1 m / 20 min contact.
        var result = await aliceApp.CheckExposureAsync();
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(1, result.FilesProcessed);
        Assert.Equal(11, result.KeysProcessed);
        var days = aliceApp.GetExposureDays();
        foreach (var d in days)
        {
            output.WriteLine($"{d.Date}: high={d.IsHighRisk} score={d.ScoreSum:F1} scanSeconds={d.ScanSeconds}");
        }

        Assert.Equal([Date(1)], result.NewHighRiskDays.Select(d => d.Date));
        Assert.Contains(days, d => d.Date == Date(3) && !d.IsHighRisk);  // heard, but too far
        Assert.Contains(days, d => d.Date == Date(5) && !d.IsHighRisk);  // close, but too short
        Assert.DoesNotContain(days, d => d.Date == Date(6));             // Bluetooth was off
        var notified = Assert.Single(events);
        Assert.Equal(Date(1), notified.Day.Date);
        Assert.Equal(ExposureGuidance.Japanese, notified.Guidance);
        Assert.Equal([Date(1)], aliceApp.GetStatus().HighRiskDays);

        // Bob's own phone is not alerted by his own keys, and a second check raises nothing new.
        Assert.Empty((await bobApp.CheckExposureAsync()).NewHighRiskDays);
        Assert.Empty((await aliceApp.CheckExposureAsync()).NewHighRiskDays);
        Assert.Single(events);

        // Day 15: the 14-day purge has removed day 0's key and everything heard before day 1.
        h.AdvanceTo(Day(15, 12));
        DateTimeOffset cutoff = h.Time.GetUtcNow() - TimeSpan.FromDays(14);
        var keysNow = aliceApp.Store.GetKeys().Select(k => k.Key).ToList();
        Assert.DoesNotContain(keysNow, k => k.RollingStartIntervalNumber == EnIntervalNumber.FromDateTimeOffset(Day(0)));
        Assert.All(keysNow, k => Assert.True(k.RollingEndIntervalNumber.StartTime > cutoff - TimeSpan.FromHours(1)));
        Assert.All(aliceApp.Store.GetSightings(DateTimeOffset.UnixEpoch), s => Assert.True(s.SeenAt >= cutoff - TimeSpan.FromHours(1)));
        Assert.DoesNotContain(aliceApp.Store.GetSightings(DateTimeOffset.UnixEpoch), s => s.SeenAt < Day(3));
        Assert.All(aliceApp.Store.GetScans(DateTimeOffset.UnixEpoch), s => Assert.True(s.StartedAt >= cutoff - TimeSpan.FromHours(1)));

        // Alice withdraws consent: every table of her database file is empty.
        await aliceApp.WithdrawConsentAsync();
        var rows = TempDatabase.CountRowsInEveryTable(aliceApp.DatabasePath);
        Assert.Equal(ExposureStore.Tables.Count, rows.Count);
        Assert.All(rows, t => Assert.True(t.Value == 0, $"{t.Key} still has {t.Value} rows"));
        Assert.Null(alice.CurrentPayload);
        h.Advance(TimeSpan.FromHours(1));
        Assert.All(TempDatabase.CountRowsInEveryTable(aliceApp.DatabasePath), t => Assert.Equal(0, t.Value));
        Assert.NotEmpty(bobApp.Store.GetSightings(DateTimeOffset.UnixEpoch)); // Bob's phone is unaffected
    }

    [Fact]
    public async Task A_long_contact_through_a_thick_wall_is_heard_but_is_not_high_risk()
    {
        await using var h = new RuntimeHarness(99);
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var server = new InMemoryExportFileSource();
        h.Air.AddWall(new Position(0.5, -50), new Position(0.5, 50), 20); // e.g. neighbours in an apartment
        var alice = h.Air.AddDevice("alice", RadioProfile.Pixel4, Home);
        var bob = h.Air.AddDevice("bob", RadioProfile.Pixel4, FarAway);
        var aliceApp = h.CreateClient(alice, server);
        var bobApp = h.CreateClient(bob, server);
        foreach (var app in new[] { aliceApp, bobApp })
        {
            await app.GrantConsentAsync();
            await app.StartAsync();
        }

        h.AdvanceTo(RuntimeHarness.Start.AddHours(20));
        bob.Position = new Position(1, 0); // 1 m away, but behind 20 dB of wall, for an hour
        h.Advance(TimeSpan.FromHours(1));
        bob.Position = FarAway;
        h.Advance(TimeSpan.FromHours(2));

        server.Publish("440", TestExports.Create((await bobApp.ReleaseTemporaryExposureKeysAsync()).Select(k => new DiagnosisKey(k, 4)), signer));
        var result = await aliceApp.CheckExposureAsync();

        var day = Assert.Single(aliceApp.GetExposureDays());
        output.WriteLine($"{day.Date}: high={day.IsHighRisk} score={day.ScoreSum:F1} scanSeconds={day.ScanSeconds}");
        Assert.True(day.ScanSeconds >= 900, "the contact was heard for long enough");
        Assert.False(day.IsHighRisk);
        Assert.Empty(result.NewHighRiskDays);
    }

    private sealed class EventCollector(List<ExposureDetectedEventArgs> events) : IExposureDetectedHandler
    {
        public Task OnExposureDetectedAsync(ExposureDetectedEventArgs exposure, CancellationToken cancellationToken)
        {
            events.Add(exposure);
            return Task.CompletedTask;
        }
    }
}
