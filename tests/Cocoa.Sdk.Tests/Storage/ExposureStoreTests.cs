using Cocoa.Sdk.Export;
using Cocoa.Sdk.Runtime;
using Cocoa.Sdk.Risk;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Storage.Internal;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Cocoa.Sdk.Tests.Storage;

public sealed class ExposureStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public void Nothing_is_written_to_disk_before_the_store_is_created()
    {
        using var store = new ExposureStore(_db.DatabasePath);
        Assert.Null(store.GetConsent());
        Assert.Empty(store.GetExposureDays());
        Assert.Null(store.GetLastCheck(false));
        Assert.Equal(default, store.Purge(T0));
        store.EraseEverything();
        Assert.False(File.Exists(_db.DatabasePath));
        Assert.Empty(System.IO.Directory.GetFiles(_db.Directory));
    }

    [Fact]
    public void A_new_store_has_the_current_schema_with_every_table()
    {
        using var store = new ExposureStore(_db.DatabasePath);
        store.EnsureCreated();
        Assert.Equal(StoreMigrations.CurrentVersion, store.GetSchemaVersion());
        Assert.Equal(ExposureStore.Tables.Order(), TempDatabase.CountRowsInEveryTable(_db.DatabasePath).Keys.Order());
    }

    [Fact]
    public void An_old_schema_is_migrated_and_keeps_its_data()
    {
        using (var connection = new SqliteConnection($"Data Source={_db.DatabasePath};Pooling=False"))
        {
            connection.Open();
            foreach (string sql in StoreMigrations.All[0].Append("PRAGMA user_version = 1")
                .Append("INSERT INTO sightings (rpi, aem, rssi, seen_at) VALUES (zeroblob(16), zeroblob(4), -60, 1000)"))
            {
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                command.ExecuteNonQuery();
            }
        }

        using var store = new ExposureStore(_db.DatabasePath);
        store.EnsureCreated();
        Assert.Equal(StoreMigrations.CurrentVersion, store.GetSchemaVersion());
        Assert.Single(store.GetSightings(DateTimeOffset.UnixEpoch));
        Assert.Contains("processed_files", TempDatabase.CountRowsInEveryTable(_db.DatabasePath).Keys);
    }

    [Fact]
    public void A_schema_newer_than_the_code_is_refused()
    {
        using (var connection = new SqliteConnection($"Data Source={_db.DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99";
            command.ExecuteNonQuery();
        }

        using var store = new ExposureStore(_db.DatabasePath);
        var ex = Assert.Throws<InvalidOperationException>(store.EnsureCreated);
        Assert.Contains("99", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_migration_interrupted_midway_leaves_the_previous_version_and_can_be_resumed()
    {
        using var store = new ExposureStore(_db.DatabasePath);
        store.FaultInjector = point =>
        {
            if (point == "migration.2")
            {
                throw new IOException("simulated crash");
            }
        };
        Assert.Throws<IOException>(store.EnsureCreated);
        Assert.Equal(1, store.GetSchemaVersion());
        Assert.DoesNotContain("exposure_checks", TempDatabase.CountRowsInEveryTable(_db.DatabasePath).Keys);

        store.FaultInjector = null;
        store.EnsureCreated();
        Assert.Equal(StoreMigrations.CurrentVersion, store.GetSchemaVersion());
    }

    [Fact]
    public void A_scan_write_interrupted_midway_leaves_no_half_state_and_keeps_earlier_scans()
    {
        using var store = new ExposureStore(_db.DatabasePath);
        store.EnsureCreated();
        store.RecordScan(new ScanRecord(T0, TimeSpan.FromSeconds(4)), Sightings(T0, 3));

        int seen = 0;
        store.FaultInjector = point =>
        {
            if (point == "scan.after-sighting" && ++seen == 5)
            {
                throw new IOException("simulated crash");
            }
        };
        Assert.Throws<IOException>(() => store.RecordScan(new ScanRecord(T0.AddMinutes(5), TimeSpan.FromSeconds(4)), Sightings(T0.AddMinutes(5), 10)));

        var rows = TempDatabase.CountRowsInEveryTable(_db.DatabasePath);
        Assert.Equal(1, rows["scans"]);
        Assert.Equal(3, rows["sightings"]);
    }

    [Fact]
    public void A_power_cut_during_a_write_leaves_exactly_the_committed_state_on_disk()
    {
        using var store = new ExposureStore(_db.DatabasePath);
        store.EnsureCreated();
        store.RecordScan(new ScanRecord(T0, TimeSpan.FromSeconds(4)), Sightings(T0, 4));
        string crashCopy = _db.PathFor("crash.db");
        int seen = 0;
        store.FaultInjector = point =>
        {
            if (point == "scan.after-sighting" && ++seen == 6)
            {
                TempDatabase.SnapshotFiles(_db.DatabasePath, crashCopy); // the disk as a power cut right now would leave it
            }
        };
        store.RecordScan(new ScanRecord(T0.AddMinutes(5), TimeSpan.FromSeconds(4)), Sightings(T0.AddMinutes(5), 12));

        var recovered = TempDatabase.CountRowsInEveryTable(crashCopy);
        Assert.Equal(1, recovered["scans"]);
        Assert.Equal(4, recovered["sightings"]);
        var live = TempDatabase.CountRowsInEveryTable(_db.DatabasePath);
        Assert.Equal(2, live["scans"]);
        Assert.Equal(16, live["sightings"]);
    }

    [Fact]
    public void A_file_commit_interrupted_midway_neither_advances_the_cursor_nor_stores_results()
    {
        using var store = new ExposureStore(_db.DatabasePath);
        store.EnsureCreated();
        byte[] hash = new byte[32];
        hash[0] = 1;
        store.FaultInjector = point =>
        {
            if (point == "commit.after-file")
            {
                throw new IOException("simulated crash");
            }
        };
        var cursor = new ExportCursor(7);
        Assert.Throws<IOException>(() => store.CommitProcessedFile("440", cursor, hash, [Window(Day, 1, 20)], Summarize, T0));
        Assert.Equal(ExportCursor.Initial, store.GetCursor("440"));
        Assert.False(store.IsFileProcessed(hash));
        Assert.Empty(store.GetExposureDays());
        Assert.Empty(store.GetWindows());

        store.FaultInjector = null;
        store.CommitProcessedFile("440", cursor, hash, [Window(Day, 1, 20)], Summarize, T0);
        Assert.Equal(cursor, store.GetCursor("440"));
        Assert.True(store.IsFileProcessed(hash));
        Assert.Single(store.GetExposureDays());
        Assert.Single(store.GetWindows());
    }

    [Fact]
    public void Day_results_are_recomputed_from_every_stored_window_and_notified_once()
    {
        using var store = new ExposureStore(_db.DatabasePath);
        store.EnsureCreated();
        store.CommitProcessedFile("440", new ExportCursor(1), new byte[32], [Window(Day, 1, 10)], Summarize, T0);
        Assert.Equal(new ExposureDayRecord(Day, false, 600, 600, false), Assert.Single(store.GetExposureDays()));

        // A second file adds another key's window to the same day: the day is the sum, not the maximum.
        store.CommitProcessedFile("440", new ExportCursor(2), Enumerable.Repeat((byte)2, 32).ToArray(), [Window(Day, 2, 6)], Summarize, T0);
        Assert.Equal(new ExposureDayRecord(Day, true, 960, 960, false), Assert.Single(store.GetExposureDays()));
        Assert.True(store.TryMarkNotified(Day));
        Assert.False(store.TryMarkNotified(Day));

        // The same key's window again (another file publishing it too) is stored once; the notified flag is kept.
        store.CommitProcessedFile("440", new ExportCursor(3), Enumerable.Repeat((byte)3, 32).ToArray(), [Window(Day, 2, 6)], Summarize, T0);
        Assert.Equal(2, store.GetWindows().Count);
        Assert.Equal(new ExposureDayRecord(Day, true, 960, 960, true), Assert.Single(store.GetExposureDays()));
    }

    [Fact]
    public void Windows_round_trip_with_every_field()
    {
        using var store = new ExposureStore(_db.DatabasePath);
        store.EnsureCreated();
        var window = new ExposureWindow(Day, T0.AddHours(3).ToUnixTimeSeconds(), ReportType.SelfReport, Infectiousness.High, CalibrationConfidence.High,
            [new ScanInstance(55, 50, 60), new ScanInstance(255, 0, 300), new ScanInstance(61, 61, 120)]);
        store.CommitProcessedFile("440", new ExportCursor(1), new byte[32], [new StoredWindow(new byte[16], window)], Summarize, T0);
        ExposureWindow back = Assert.Single(store.GetWindows());
        Assert.Equal((window.Date, window.StartUnixSeconds, window.ReportType, window.Infectiousness, window.CalibrationConfidence),
            (back.Date, back.StartUnixSeconds, back.ReportType, back.Infectiousness, back.CalibrationConfidence));
        Assert.Equal(window.ScanInstances, back.ScanInstances);
    }

    [Fact]
    public void A_rejected_file_is_recorded_and_the_cursor_moves_past_it_atomically()
    {
        using var store = new ExposureStore(_db.DatabasePath);
        store.EnsureCreated();
        store.FaultInjector = point => throw new IOException("crash at " + point);
        Assert.Throws<IOException>(() => store.RejectFile("440", new ExportCursor(4), "https://cdn/4.zip", "Malformed: bad", T0));
        Assert.Empty(store.GetRejectedFiles());
        Assert.Equal(ExportCursor.Initial, store.GetCursor("440"));

        store.FaultInjector = null;
        store.RejectFile("440", new ExportCursor(4), "https://cdn/4.zip", "Malformed: bad", T0);
        Assert.Equal(new RejectedFileRecord("440", "https://cdn/4.zip", "Malformed: bad", T0), Assert.Single(store.GetRejectedFiles()));
        Assert.Equal(4, store.GetCursor("440").LastCreated);
    }

    private static readonly DateOnly Day = new(2026, 3, 1);

    /// <summary>A window of one key: <paramref name="minutes"/> scan instances of 60 s each at 55 dB.</summary>
    private static StoredWindow Window(DateOnly day, byte key, int minutes) =>
        new(Enumerable.Repeat(key, 16).ToArray(), new ExposureWindow(
            day, new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero).ToUnixTimeSeconds(), ReportType.ConfirmedTest,
            Infectiousness.Standard, CalibrationConfidence.Lowest, [.. Enumerable.Repeat(new ScanInstance(55, 55, 60), minutes)]));

    /// <summary>A stand-in rule for the store's tests: one point per second, high risk at 900 s.</summary>
    private static IReadOnlyList<ExposureDayRecord> Summarize(IReadOnlyList<ExposureWindow> windows) =>
        windows.GroupBy(w => w.Date)
            .Select(g => (g.Key, Seconds: g.Sum(w => w.SecondsSinceLastScanSum)))
            .Select(d => new ExposureDayRecord(d.Key, d.Seconds >= 900, d.Seconds, d.Seconds, false))
            .ToList();

    [Fact]
    public void Purge_removes_exactly_what_is_older_than_the_cutoff()
    {
        using var store = new ExposureStore(_db.DatabasePath);
        store.EnsureCreated();
        var day0 = EnIntervalNumber.FromDateTimeOffset(T0).DayStart;
        store.InsertKey(TemporaryExposureKey.Generate(day0), T0);
        store.InsertKey(TemporaryExposureKey.Generate(day0.AddIntervals(144)), T0.AddDays(1));
        store.RecordScan(new ScanRecord(T0, TimeSpan.FromSeconds(4)), Sightings(T0, 2));
        store.RecordScan(new ScanRecord(T0.AddDays(1), TimeSpan.FromSeconds(4)), Sightings(T0.AddDays(1), 3));

        // Day 0's key ends at day 1 00:00; the cutoff is day 1 09:00 minus one second.
        PurgeCounts counts = store.Purge(T0.AddDays(1).AddSeconds(-1));
        Assert.Equal(new PurgeCounts(1, 2, 1, 0, 0, 0, 0, 0), counts);
        Assert.Equal(day0.AddIntervals(144), Assert.Single(store.GetKeys()).Key.RollingStartIntervalNumber);
        Assert.Equal(3, store.GetSightings(DateTimeOffset.UnixEpoch).Count);
    }

    [Fact]
    public void Erase_empties_every_table_and_leaves_no_key_bytes_in_the_files()
    {
        using var store = new ExposureStore(_db.DatabasePath);
        store.GrantConsent(T0);
        var key = TemporaryExposureKey.Generate(EnIntervalNumber.FromDateTimeOffset(T0));
        store.InsertKey(key, T0);
        var sightings = Sightings(T0, 20);
        store.RecordScan(new ScanRecord(T0, TimeSpan.FromSeconds(4)), sightings);
        Assert.True(ContainsSequence(TempDatabase.RawBytes(_db.DatabasePath), key.ToKeyArray()));

        store.EraseEverything();

        Assert.All(TempDatabase.CountRowsInEveryTable(_db.DatabasePath), table => Assert.Equal(0, table.Value));
        byte[] raw = TempDatabase.RawBytes(_db.DatabasePath);
        Assert.False(ContainsSequence(raw, key.ToKeyArray()));
        Assert.False(ContainsSequence(raw, sightings[7].Rpi.ToArray()));
    }

    internal static List<SightingRecord> Sightings(DateTimeOffset at, int count)
    {
        var list = new List<SightingRecord>();
        for (int i = 0; i < count; i++)
        {
            byte[] rpi = System.Security.Cryptography.RandomNumberGenerator.GetBytes(16);
            list.Add(new SightingRecord(RollingProximityIdentifier.FromBytes(rpi), AssociatedEncryptedMetadata.FromBytes([1, 2, 3, 4]), -60 - i, at.AddMilliseconds(250 * i)));
        }

        return list;
    }

    internal static bool ContainsSequence(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
