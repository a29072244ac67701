using Cocoa.Sdk.Ble;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Runtime;
using Cocoa.Sdk.Simulation;
using Cocoa.Sdk.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Cocoa.Sdk.Tests.Runtime;

public sealed class ExposureNotificationClientTests
{
    [Fact]
    public async Task Before_consent_nothing_is_generated_advertised_scanned_or_stored()
    {
        await using var h = new RuntimeHarness();
        var phone = h.Air.AddDevice("a", RadioProfile.Pixel4, new Position(0, 0));
        h.Air.AddDevice("b", RadioProfile.Pixel4, new Position(1, 0));
        var client = h.CreateClient(phone);

        await Assert.ThrowsAsync<ConsentRequiredException>(() => client.StartAsync());
        await Assert.ThrowsAsync<ConsentRequiredException>(() => client.ReleaseTemporaryExposureKeysAsync());
        h.Advance(TimeSpan.FromHours(1));

        Assert.Null(phone.CurrentPayload);
        Assert.Equal(0, phone.Rotations);
        Assert.Equal(0, phone.Scans);
        Assert.False(File.Exists(client.DatabasePath));
        var status = client.GetStatus();
        Assert.Equal(ExposureNotificationState.ConsentRequired, status.State);
        Assert.False(status.HasConsent);
    }

    [Fact]
    public async Task Consent_alone_starts_nothing_and_start_advertises_the_current_days_key()
    {
        await using var h = new RuntimeHarness();
        h.Durable = true;
        var phone = h.Air.AddDevice("a", RadioProfile.Pixel4, new Position(0, 0));
        var client = h.CreateClient(phone);
        h.Advance(TimeSpan.FromHours(9));

        await client.GrantConsentAsync();
        Assert.Equal(ExposureNotificationState.Stopped, client.GetStatus().State);
        Assert.Null(phone.CurrentPayload);

        await client.StartAsync();
        Assert.Equal(ExposureNotificationState.Active, client.GetStatus().State);
        var key = Assert.Single(client.Store.GetKeys()).Key;
        var now = EnIntervalNumber.Now(h.Time);
        Assert.Equal(now.DayStart, key.RollingStartIntervalNumber);
        Assert.Equal(144, key.RollingPeriod);
        AssertPayloadDerivesFrom(phone.CurrentPayload!.Value, key, now, RadioProfile.Pixel4.Calibration.TxPowerDbm);
    }

    [Fact]
    public async Task The_identifier_and_address_rotate_together_every_10_to_20_minutes()
    {
        await using var h = new RuntimeHarness();
        var phone = h.Air.AddDevice("a", RadioProfile.Pixel4, new Position(0, 0));
        var client = h.CreateClient(phone);
        h.Advance(TimeSpan.FromHours(6));
        await client.GrantConsentAsync();
        await client.StartAsync();

        var changes = new List<DateTimeOffset>();
        var (payload, address) = (phone.CurrentPayload, phone.Address);
        for (int i = 0; i < 6 * 3600 / 5; i++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(5));
            bool payloadChanged = phone.CurrentPayload != payload, addressChanged = phone.Address != address;
            Assert.Equal(payloadChanged, addressChanged);
            if (payloadChanged)
            {
                changes.Add(h.Time.GetUtcNow());
                (payload, address) = (phone.CurrentPayload, phone.Address);
            }
        }

        Assert.InRange(changes.Count, 6 * 3, 6 * 6);
        var gaps = changes.Zip(changes.Skip(1), (x, y) => y - x).ToList();
        Assert.All(gaps, gap => Assert.InRange(gap, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(20) + TimeSpan.FromSeconds(5)));
        Assert.True(gaps.Distinct().Count() > gaps.Count / 2, "rotation times are randomised");
    }

    [Fact]
    public async Task Scans_run_every_210_to_300_seconds_and_are_stored()
    {
        await using var h = new RuntimeHarness();
        var phone = h.Air.AddDevice("a", RadioProfile.Pixel4, new Position(0, 0));
        var client = h.CreateClient(phone);
        await client.GrantConsentAsync();
        await client.StartAsync();
        h.Advance(TimeSpan.FromHours(2));

        var scans = client.Store.GetScans(DateTimeOffset.UnixEpoch);
        Assert.Equal(phone.Scans, scans.Count);
        Assert.InRange(scans.Count, 7200 / 300, 7200 / 210 + 1);
        var gaps = scans.Zip(scans.Skip(1), (x, y) => y.StartedAt - x.StartedAt);
        Assert.All(gaps, gap => Assert.InRange(gap, TimeSpan.FromSeconds(210), TimeSpan.FromSeconds(305)));
        Assert.All(scans, s => Assert.Equal(TimeSpan.FromSeconds(4), s.Duration));
    }

    [Fact]
    public async Task A_new_key_starts_at_each_utc_midnight_and_the_advertisement_switches_with_it()
    {
        await using var h = new RuntimeHarness();
        var phone = h.Air.AddDevice("a", RadioProfile.Pixel4, new Position(0, 0));
        var client = h.CreateClient(phone);
        await client.GrantConsentAsync();
        await client.StartAsync();
        h.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));

        var keys = client.Store.GetKeys().Select(k => k.Key).ToList();
        Assert.Equal(4, keys.Count);
        var day0 = EnIntervalNumber.FromDateTimeOffset(RuntimeHarness.Start);
        Assert.Equal(Enumerable.Range(0, 4).Select(d => day0.AddIntervals(144 * d)), keys.Select(k => k.RollingStartIntervalNumber));
        Assert.All(keys, k => Assert.Equal(144, k.RollingPeriod));
        Assert.Equal(4, keys.Select(k => k.ToKeyHex()).Distinct().Count());
        AssertPayloadDerivesFrom(phone.CurrentPayload!.Value, keys[3], day0.AddIntervals(3 * 144), RadioProfile.Pixel4.Calibration.TxPowerDbm);
    }

    [Fact]
    public async Task Key_history_releases_todays_key_cut_at_now_and_a_fresh_key_takes_over()
    {
        await using var h = new RuntimeHarness();
        var phone = h.Air.AddDevice("a", RadioProfile.Pixel4, new Position(0, 0));
        var client = h.CreateClient(phone);
        await client.GrantConsentAsync();
        await client.StartAsync();
        h.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(10) + TimeSpan.FromMinutes(3));
        var now = EnIntervalNumber.Now(h.Time);

        var history = await client.ReleaseTemporaryExposureKeysAsync();

        Assert.Equal(3, history.Count);
        var today = history[^1];
        Assert.Equal(now.DayStart, today.RollingStartIntervalNumber);
        Assert.Equal((int)(now.Value - now.DayStart.Value) + 1, today.RollingPeriod);
        Assert.True(today.IsValidAt(now));
        Assert.All(history.Take(2), k => Assert.Equal(144, k.RollingPeriod));

        // The released key is never broadcast again: the payload now comes from a fresh key valid to the end of the day.
        var successor = client.Store.GetKeys().Select(k => k.Key).Single(k => !history.Contains(k));
        Assert.Equal(now.DayStart, successor.RollingStartIntervalNumber);
        Assert.Equal(144, successor.RollingPeriod);
        AssertPayloadDerivesFrom(phone.CurrentPayload!.Value, successor, now, RadioProfile.Pixel4.Calibration.TxPowerDbm);
        h.Advance(TimeSpan.FromHours(2));
        AssertPayloadDerivesFrom(phone.CurrentPayload!.Value, successor, EnIntervalNumber.Now(h.Time), RadioProfile.Pixel4.Calibration.TxPowerDbm);
    }

    [Fact]
    public async Task Two_releases_on_one_day_give_keys_a_key_server_accepts()
    {
        await using var h = new RuntimeHarness();
        var phone = h.Air.AddDevice("a", RadioProfile.Pixel4, new Position(0, 0));
        var client = h.CreateClient(phone);
        await client.GrantConsentAsync();
        await client.StartAsync();
        h.Advance(TimeSpan.FromDays(1) + TimeSpan.FromHours(9));
        var first = await client.ReleaseTemporaryExposureKeysAsync();
        h.Advance(TimeSpan.FromHours(2));
        var second = await client.ReleaseTemporaryExposureKeysAsync();

        var today = EnIntervalNumber.Now(h.Time).DayStart;
        var todays = second.Where(k => k.RollingStartIntervalNumber.DayStart == today).ToList();
        Assert.Equal(2, todays.Count);
        Assert.Contains(first[^1], second);
        // Key servers accept overlapping keys only when they share their start interval (servers.md §1.2).
        foreach (var a in second)
        {
            foreach (var b in second.Where(b => !b.Equals(a)))
            {
                bool overlap = a.RollingStartIntervalNumber < b.RollingEndIntervalNumber && b.RollingStartIntervalNumber < a.RollingEndIntervalNumber;
                Assert.True(!overlap || a.RollingStartIntervalNumber == b.RollingStartIntervalNumber, $"{a} overlaps {b}");
            }
        }

        // Every interval up to now is still covered by a released key.
        var now = EnIntervalNumber.Now(h.Time);
        Assert.Contains(second, k => k.IsValidAt(now));
    }

    [Fact]
    public async Task Key_history_covers_at_most_14_days()
    {
        await using var h = new RuntimeHarness();
        var phone = h.Air.AddDevice("a", RadioProfile.Pixel4, new Position(0, 0));
        var client = h.CreateClient(phone);
        await client.GrantConsentAsync();
        await client.StartAsync();
        h.Advance(TimeSpan.FromDays(20) + TimeSpan.FromHours(12), TimeSpan.FromSeconds(20));

        var history = await client.ReleaseTemporaryExposureKeysAsync();
        var today = EnIntervalNumber.Now(h.Time).DayStart;
        Assert.Equal(14, history.Count);
        Assert.Equal(today.AddIntervals(-13 * 144), history[0].RollingStartIntervalNumber);
        Assert.Equal(today, history[^1].RollingStartIntervalNumber);
    }

    [Fact]
    public async Task Bluetooth_off_records_nothing_stops_advertising_and_the_app_is_told()
    {
        await using var h = new RuntimeHarness();
        var a = h.Air.AddDevice("a", RadioProfile.Pixel4, new Position(0, 0));
        var b = h.Air.AddDevice("b", RadioProfile.Pixel4, new Position(1, 0));
        var clientA = h.CreateClient(a);
        var clientB = h.CreateClient(b);
        foreach (var c in new[] { clientA, clientB })
        {
            await c.GrantConsentAsync();
            await c.StartAsync();
        }

        int statusChanges = 0;
        clientB.StatusChanged += (_, _) => statusChanges++;
        b.BluetoothEnabled = false;
        Assert.True(statusChanges > 0);
        var status = clientB.GetStatus();
        Assert.Equal(ExposureNotificationState.BluetoothOff, status.State);
        Assert.Equal(BluetoothState.Off, status.Bluetooth);
        Assert.False(status.IsRecording);

        h.Advance(TimeSpan.FromHours(3));
        Assert.Null(b.CurrentPayload);
        Assert.Equal(0, b.Scans);
        var rowsB = TempDatabase.CountRowsInEveryTable(clientB.DatabasePath);
        Assert.Equal(0, rowsB["scans"]);
        Assert.Equal(0, rowsB["sightings"]);
        Assert.Empty(clientA.Store.GetSightings(DateTimeOffset.UnixEpoch)); // a heard nothing from b either

        b.BluetoothEnabled = true;
        Assert.Equal(ExposureNotificationState.Active, clientB.GetStatus().State);
        Assert.NotNull(b.CurrentPayload);
        h.Advance(TimeSpan.FromMinutes(30));
        Assert.NotEmpty(clientB.Store.GetSightings(DateTimeOffset.UnixEpoch));
        Assert.NotEmpty(clientA.Store.GetSightings(DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public async Task Withdrawing_consent_stops_everything_and_empties_every_table()
    {
        await using var h = new RuntimeHarness();
        var a = h.Air.AddDevice("a", RadioProfile.Pixel4, new Position(0, 0));
        h.Air.AddDevice("b", RadioProfile.Pixel4, new Position(1, 0));
        var clientA = h.CreateClient(a);
        var clientB = h.CreateClient(h.Air.Devices[1]);
        foreach (var c in new[] { clientA, clientB })
        {
            await c.GrantConsentAsync();
            await c.StartAsync();
        }

        h.Advance(TimeSpan.FromDays(2));
        var before = TempDatabase.CountRowsInEveryTable(clientA.DatabasePath);
        Assert.True(before["sightings"] > 0 && before["scans"] > 0 && before["exposure_keys"] > 0 && before["consent"] == 1);
        byte[] someKey = clientA.Store.GetKeys()[0].Key.ToKeyArray();

        await clientA.WithdrawConsentAsync();

        Assert.All(TempDatabase.CountRowsInEveryTable(clientA.DatabasePath), t => Assert.True(t.Value == 0, $"{t.Key} has {t.Value} rows"));
        Assert.False(ExposureStoreTests.ContainsSequence(TempDatabase.RawBytes(clientA.DatabasePath), someKey));
        Assert.Null(a.CurrentPayload);
        Assert.Equal(ExposureNotificationState.ConsentRequired, clientA.GetStatus().State);
        int scans = a.Scans;
        h.Advance(TimeSpan.FromHours(2));
        Assert.Equal(scans, a.Scans);
        Assert.All(TempDatabase.CountRowsInEveryTable(clientA.DatabasePath), t => Assert.Equal(0, t.Value));
        await Assert.ThrowsAsync<ConsentRequiredException>(() => clientA.StartAsync());
    }

    [Fact]
    public async Task Dependency_injection_resolves_the_client_and_validates_options()
    {
        await using var h = new RuntimeHarness();
        var phone = h.Air.AddDevice("a", RadioProfile.Pixel4, new Position(0, 0));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(h.Time);
        services.AddSingleton(phone.Advertiser);
        services.AddSingleton(phone.Scanner);
        services.AddCocoaExposureNotification(o => o.DatabasePath = h.Files.PathFor("di.db"));
        await using (var provider = services.BuildServiceProvider())
        {
            var client = provider.GetRequiredService<ExposureNotificationClient>();
            Assert.Same(client, provider.GetRequiredService<ExposureNotificationClient>());
            await client.GrantConsentAsync();
            await client.StartAsync();
            Assert.NotNull(phone.CurrentPayload);
            await client.StopAsync();
            Assert.Null(phone.CurrentPayload);
        }

        var bad = new ServiceCollection();
        bad.AddSingleton(phone.Advertiser);
        bad.AddSingleton(phone.Scanner);
        bad.AddCocoaExposureNotification(o =>
        {
            o.ScanInterval = TimeSpan.FromMinutes(30);
            o.RetentionPeriod = TimeSpan.FromDays(30);
        });
        using var badProvider = bad.BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => badProvider.GetRequiredService<ExposureNotificationClient>());
        Assert.Contains(ex.Failures, f => f.Contains("DatabasePath", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("ScanInterval", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("RetentionPeriod", StringComparison.Ordinal));
    }

    [Fact]
    public async Task If_the_platform_fails_to_rotate_after_a_key_release_the_old_identifier_is_taken_off_air()
    {
        await using var h = new RuntimeHarness();
        var phone = h.Air.AddDevice("a", RadioProfile.Pixel4, new Position(0, 0));
        var flaky = new FailingAdvertiser(phone.Advertiser);
        await using var client = new ExposureNotificationClient(
            Options.Create(new ExposureNotificationOptions { DatabasePath = h.Files.PathFor("flaky.db"), DurableWrites = false }),
            flaky, phone.Scanner, h.Time, logger: h.Logger);
        await client.GrantConsentAsync();
        await client.StartAsync();
        h.Advance(TimeSpan.FromHours(3));
        Assert.NotNull(phone.CurrentPayload);

        flaky.Fail = true;
        var keys = await client.ReleaseTemporaryExposureKeysAsync();

        Assert.Single(keys);
        Assert.Null(phone.CurrentPayload);
        Assert.Contains(h.Logger.Lines, l => l.Contains("radio task failed", StringComparison.OrdinalIgnoreCase));
        flaky.Fail = false;
        h.Advance(TimeSpan.FromMinutes(21));
        AssertPayloadDerivesFrom(phone.CurrentPayload!.Value, client.Store.GetKeys()[^1].Key, EnIntervalNumber.Now(h.Time), new ExposureNotificationOptions().Calibration.TxPowerDbm);
    }

    private sealed class FailingAdvertiser(IBleAdvertiser inner) : IBleAdvertiser
    {
        public bool Fail { get; set; }

        public BluetoothState State => inner.State;

        public event EventHandler? StateChanged
        {
            add => inner.StateChanged += value;
            remove => inner.StateChanged -= value;
        }

        public Task StartAdvertisingAsync(ExposureNotificationPayload payload, CancellationToken cancellationToken) =>
            Fail ? throw new InvalidOperationException("advertising failed: ADVERTISE_FAILED_INTERNAL_ERROR") : inner.StartAdvertisingAsync(payload, cancellationToken);

        public Task StopAdvertisingAsync(CancellationToken cancellationToken) => inner.StopAdvertisingAsync(cancellationToken);
    }

    internal static void AssertPayloadDerivesFrom(ExposureNotificationPayload payload, TemporaryExposureKey key, EnIntervalNumber interval, sbyte txPower)
    {
        var rpik = ExposureKeyDerivation.DeriveRollingProximityIdentifierKey(key);
        var aemk = ExposureKeyDerivation.DeriveAssociatedEncryptedMetadataKey(key);
        // The RPI was generated at the last rotation, at most 20 minutes (2 intervals) ago.
        bool found = false;
        for (int back = 0; back <= 2 && !found; back++)
        {
            var candidate = interval.AddIntervals(-back);
            if (key.IsValidAt(candidate) && ExposureKeyDerivation.GenerateRollingProximityIdentifier(rpik, candidate) == payload.Identifier)
            {
                found = true;
            }
        }

        Assert.True(found, "the advertised RPI derives from the expected key");
        var metadata = ExposureKeyDerivation.DecryptMetadata(aemk, payload.Identifier, payload.EncryptedMetadata);
        Assert.Equal(1, metadata.MajorVersion);
        Assert.Equal(0, metadata.MinorVersion);
        Assert.Equal(txPower, metadata.TxPowerDbm);
    }
}
