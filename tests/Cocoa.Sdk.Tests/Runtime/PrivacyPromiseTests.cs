using System.Buffers.Binary;
using System.Reflection;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Runtime;
using Cocoa.Sdk.Simulation;
using Cocoa.Sdk.Storage.Internal;
using Cocoa.Sdk.Tests.Storage;
using Xunit;

namespace Cocoa.Sdk.Tests.Runtime;

/// <summary>
/// The promises of the ministry's overview (cocoa-overview-ja.txt), each checked against what the runtime really stores,
/// logs and hands out:
/// ・電話番号、位置情報など個人が特定される情報は記録しない
/// ・どこで、いつ、誰と近接したか、互いにわからない
/// ・近接に関する情報（ランダムな符号）は端末内のみで保持し、14日経過後に自動で無効となる
/// ・利用の同意はいつでも撤回し、記録を消去できる
/// and: Bluetooth off means nothing is recorded.
/// </summary>
public sealed class PrivacyPromiseTests
{
    // Every column the store may have. A new column must be added here deliberately, after checking it identifies no one.
    private static readonly Dictionary<string, string[]> AllowedColumns = new()
    {
        ["consent"] = ["id", "granted_at"],
        ["exposure_keys"] = ["id", "key_data", "rolling_start", "rolling_period", "created_at"],
        ["sightings"] = ["id", "rpi", "aem", "rssi", "seen_at"],
        ["scans"] = ["id", "started_at", "duration_ms"],
        ["export_cursors"] = ["region", "cursor", "updated_at"],
        ["exposure_days"] = ["day", "high_risk", "score_sum", "scan_seconds", "notified"],
        ["exposure_checks"] = ["id", "checked_at", "succeeded", "files_processed"],
        ["processed_files"] = ["sha256", "region", "processed_at"],
        // A matched window: a digest of the published key, the day and time it was heard, and what the scans measured.
        ["exposure_windows"] = ["id", "key_digest", "day", "start_s", "report_type", "infectiousness", "calibration", "scan_instances"],
        // A server file that could not be used: its public URL and why.
        ["rejected_files"] = ["id", "region", "location", "reason", "rejected_at"],
    };

    [Fact]
    public async Task No_phone_number_location_address_or_identity_is_recorded()
    {
        await using var h = new RuntimeHarness();
        var (a, b, clientA, _) = await TwoPhonesTogetherAsync(h, TimeSpan.FromHours(3));

        // The schema has exactly the allowed columns: random identifiers, signal strength, times, results.
        var tables = TempDatabase.CountRowsInEveryTable(clientA.DatabasePath);
        Assert.Equal(AllowedColumns.Keys.Order(), tables.Keys.Order());
        foreach (var (table, columns) in AllowedColumns)
        {
            Assert.Equal(columns, TempDatabase.Columns(clientA.DatabasePath, table));
        }

        // The other phone's Bluetooth addresses never reach the file, nor does anything the app could pass in.
        byte[] raw = TempDatabase.RawBytes(clientA.DatabasePath);
        Span<byte> address = stackalloc byte[8];
        foreach (ulong seen in b.SeenAddresses)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(address, seen);
            Assert.False(ExposureStoreTests.ContainsSequence(raw, address[..6].ToArray()));
        }

        // The API has no way to give the runtime an identity or a place.
        string[] forbidden = ["phone", "location", "latitude", "longitude", "address", "email", "name", "birth", "device"];
        foreach (Type type in new[] { typeof(ExposureNotificationOptions), typeof(BleAdvertisementReport), typeof(ExposureDay), typeof(ExposureNotificationStatus) })
        {
            foreach (PropertyInfo p in type.GetProperties())
            {
                Assert.DoesNotContain(forbidden, f => p.Name.Contains(f, StringComparison.OrdinalIgnoreCase) && p.Name != nameof(ExposureNotificationOptions.DatabasePath));
            }
        }

        Assert.NotEmpty(clientA.Store.GetSightings(DateTimeOffset.UnixEpoch));
        _ = a;
    }

    [Fact]
    public async Task Nobody_learns_where_when_or_with_whom_from_what_is_broadcast_logged_or_shown()
    {
        await using var h = new RuntimeHarness();
        var (a, b, clientA, clientB) = await TwoPhonesTogetherAsync(h, TimeSpan.FromHours(6));

        // Broadcast: a fresh random identifier with a fresh address at every rotation, none repeated.
        Assert.True(a.SeenPayloads.Count >= 18);
        Assert.Equal(a.SeenPayloads.Count, a.SeenPayloads.Distinct().Count());
        Assert.Equal(a.SeenAddresses.Count, a.SeenAddresses.Distinct().Count());

        // What leaves the phone on a positive registration: only keys and their validity intervals.
        IReadOnlyList<TemporaryExposureKey> released = await clientB.ReleaseTemporaryExposureKeysAsync();
        Assert.NotEmpty(released);
        Assert.IsAssignableFrom<IReadOnlyList<TemporaryExposureKey>>(released);

        // What the user is shown: a date and aggregate figures, never a time of day, an identifier or a key.
        foreach (PropertyInfo p in typeof(ExposureDay).GetProperties())
        {
            Assert.Contains(p.PropertyType, new[] { typeof(DateOnly), typeof(bool), typeof(double), typeof(int) });
        }

        // Logs: no key, identifier, metadata or address, in any form.
        var secrets = new List<string>();
        secrets.AddRange(clientA.Store.GetKeys().Select(k => k.Key.ToKeyHex()));
        secrets.AddRange(clientB.Store.GetKeys().Select(k => k.Key.ToKeyHex()));
        secrets.AddRange(clientA.Store.GetSightings(DateTimeOffset.UnixEpoch).SelectMany(s => new[] { s.Rpi.ToString(), s.Aem.ToString() }));
        secrets.AddRange(a.SeenAddresses.Concat(b.SeenAddresses).Select(x => x.ToString("x12")));
        secrets.AddRange(released.Select(k => Convert.ToBase64String(k.ToKeyArray())));
        Assert.NotEmpty(h.Logger.Lines);
        foreach (string line in h.Logger.Lines)
        {
            foreach (string secret in secrets)
            {
                Assert.DoesNotContain(secret, line, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task Sightings_and_keys_are_kept_only_on_the_device_and_only_for_14_days()
    {
        await using var h = new RuntimeHarness();
        var source = new RecordingSource();
        var (_, _, clientA, _) = await TwoPhonesTogetherAsync(h, TimeSpan.FromDays(16), source, step: TimeSpan.FromSeconds(15));

        DateTimeOffset now = h.Time.GetUtcNow();
        DateTimeOffset cutoff = now - TimeSpan.FromDays(14);
        var sightings = clientA.Store.GetSightings(DateTimeOffset.UnixEpoch);
        var keys = clientA.Store.GetKeys();
        Assert.NotEmpty(sightings);
        Assert.All(sightings, s => Assert.True(s.SeenAt >= cutoff - TimeSpan.FromHours(1), $"sighting from {s.SeenAt} kept at {now}"));
        Assert.All(clientA.Store.GetScans(DateTimeOffset.UnixEpoch), s => Assert.True(s.StartedAt >= cutoff - TimeSpan.FromHours(1)));
        Assert.All(keys, k => Assert.True(k.Key.RollingEndIntervalNumber.StartTime > cutoff - TimeSpan.FromHours(1)));
        Assert.InRange(keys.Count, 14, 15);
        Assert.True(sightings[0].SeenAt < cutoff + TimeSpan.FromDays(1), "the store still holds the last 14 days");

        // A check sends nothing but the region and the cursor of public files.
        await clientA.CheckExposureAsync();
        Assert.Equal(["440"], source.Regions.Distinct());
        Assert.All(source.Cursors, c => Assert.Equal(ExportCursor.Initial, c));
    }

    [Fact]
    public async Task Consent_can_be_withdrawn_at_any_time_even_during_a_check_and_every_record_is_erased()
    {
        await using var h = new RuntimeHarness();
        var source = new RecordingSource { Block = new TaskCompletionSource() };
        var (a, _, clientA, _) = await TwoPhonesTogetherAsync(h, TimeSpan.FromHours(2), source);

        Task<ExposureCheckResult> check = clientA.CheckExposureAsync();
        Assert.False(check.IsCompleted); // waiting on the network
        await clientA.WithdrawConsentAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => check);
        Assert.All(TempDatabase.CountRowsInEveryTable(clientA.DatabasePath), t => Assert.True(t.Value == 0, $"{t.Key}: {t.Value}"));
        Assert.Null(a.CurrentPayload);
        await Assert.ThrowsAsync<ConsentRequiredException>(() => clientA.CheckExposureAsync());
        await Assert.ThrowsAsync<ConsentRequiredException>(() => clientA.ReleaseTemporaryExposureKeysAsync());
    }

    [Fact]
    public async Task Bluetooth_off_means_nothing_is_recorded_even_if_an_adapter_misbehaves()
    {
        await using var h = new RuntimeHarness();
        var a = h.Air.AddDevice("a", RadioProfile.Pixel4, new Position(0, 0));
        var b = h.Air.AddDevice("b", RadioProfile.Pixel4, new Position(0.5, 0));
        var liar = new OffButTalkingScanner(a.Scanner);
        var client = new ExposureNotificationClient(
            Microsoft.Extensions.Options.Options.Create(new ExposureNotificationOptions { DatabasePath = h.Files.PathFor("liar.db"), DurableWrites = false }),
            a.Advertiser, liar, h.Time);
        var other = h.CreateClient(b);
        await other.GrantConsentAsync();
        await other.StartAsync();
        await client.GrantConsentAsync();
        await client.StartAsync();
        h.Advance(TimeSpan.FromMinutes(30));
        Assert.NotEmpty(client.Store.GetSightings(DateTimeOffset.UnixEpoch));
        int before = client.Store.GetSightings(DateTimeOffset.UnixEpoch).Count;
        int scansBefore = client.Store.GetScans(DateTimeOffset.UnixEpoch).Count;

        liar.ReportOff = true; // the radio says Off, yet would still deliver packets if asked
        h.Advance(TimeSpan.FromHours(2));

        Assert.Equal(before, client.Store.GetSightings(DateTimeOffset.UnixEpoch).Count);
        Assert.Equal(scansBefore, client.Store.GetScans(DateTimeOffset.UnixEpoch).Count);
        Assert.Equal(ExposureNotificationState.BluetoothOff, client.GetStatus().State);
        await client.DisposeAsync();
    }

    private static async Task<(TrackedDevice A, TrackedDevice B, ExposureNotificationClient ClientA, ExposureNotificationClient ClientB)> TwoPhonesTogetherAsync(
        RuntimeHarness h, TimeSpan duration, IExportFileSource? source = null, TimeSpan? step = null)
    {
        var a = new TrackedDevice(h.Air.AddDevice("a", RadioProfile.Pixel4, new Position(0, 0)));
        var b = new TrackedDevice(h.Air.AddDevice("b", RadioProfile.FleetAverage, new Position(1, 0)));
        var clientA = h.CreateClient(a.Device, source);
        var clientB = h.CreateClient(b.Device, source);
        foreach (var c in new[] { clientA, clientB })
        {
            await c.GrantConsentAsync();
            await c.StartAsync();
        }

        TimeSpan s = step ?? TimeSpan.FromSeconds(5);
        for (TimeSpan t = TimeSpan.Zero; t < duration; t += s)
        {
            h.Time.Advance(s);
            a.Observe();
            b.Observe();
        }

        return (a, b, clientA, clientB);
    }

    private sealed class TrackedDevice(SimulatedDevice device)
    {
        public SimulatedDevice Device => device;

        public List<ulong> SeenAddresses { get; } = [];

        public List<Cocoa.Sdk.Ble.ExposureNotificationPayload> SeenPayloads { get; } = [];

        public Cocoa.Sdk.Ble.ExposureNotificationPayload? CurrentPayload => device.CurrentPayload;

        public void Observe()
        {
            if (device.CurrentPayload is { } p && (SeenPayloads.Count == 0 || SeenPayloads[^1] != p))
            {
                SeenPayloads.Add(p);
                SeenAddresses.Add(device.Address);
            }
        }
    }

    private sealed class RecordingSource : IExportFileSource
    {
        public List<string> Regions { get; } = [];

        public List<ExportCursor> Cursors { get; } = [];

        public TaskCompletionSource? Block { get; set; }

        public async Task<ExportFileListing> ListFilesAsync(string region, ExportCursor after, CancellationToken cancellationToken)
        {
            Regions.Add(region);
            Cursors.Add(after);
            if (Block is not null)
            {
                await Block.Task.WaitAsync(cancellationToken);
            }

            return new ExportFileListing([], after);
        }

        public Task<Stream> OpenFileAsync(ExportFileReference file, CancellationToken cancellationToken) => throw new FileNotFoundException();
    }

    private sealed class OffButTalkingScanner(IBleScanner inner) : IBleScanner
    {
        public bool ReportOff { get; set; }

        public BluetoothState State => ReportOff ? BluetoothState.Off : inner.State;

        public event EventHandler? StateChanged
        {
            add => inner.StateChanged += value;
            remove => inner.StateChanged -= value;
        }

        public Task<IReadOnlyList<BleAdvertisementReport>> ScanAsync(TimeSpan duration, CancellationToken cancellationToken) => inner.ScanAsync(duration, cancellationToken);
    }
}
