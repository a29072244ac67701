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
        Assert.Equal(2, store.GetSchemaVersion());
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
        Assert.Equal(2, store.GetSchemaVersion());
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
        var day = new ExposureDayRecord(new DateOnly(2026, 3, 1), true, 2000, 1200, false);
        Assert.Throws<IOException>(() => store.CommitProcessedFile("440", "7", hash, [day], T0));
        Assert.Null(store.GetCursor("440"));
        Assert.False(store.IsFileProcessed(hash));
        Assert.Empty(store.GetExposureDays());

        store.FaultInjector = null;
        store.CommitProcessedFile("440", "7", hash, [day], T0);
        Assert.Equal("7", store.GetCursor("440"));
        Assert.True(store.IsFileProcessed(hash));
        Assert.Single(store.GetExposureDays());
    }

    [Fact]
    public void Day_results_from_several_files_merge_by_maximum_and_are_notified_once()
    {
        using var store = new ExposureStore(_db.DatabasePath);
        store.EnsureCreated();
        var date = new DateOnly(2026, 3, 1);
        store.CommitProcessedFile("440", "1", new byte[32], [new ExposureDayRecord(date, false, 500, 1000, false)], T0);
        store.CommitProcessedFile("440", "2", Enumerable.Repeat((byte)2, 32).ToArray(), [new ExposureDayRecord(date, true, 1400, 600, false)], T0);
        var merged = Assert.Single(store.GetExposureDays());
        Assert.Equal(new ExposureDayRecord(date, true, 1400, 1000, false), merged);
        Assert.True(store.TryMarkNotified(date));
        Assert.False(store.TryMarkNotified(date));
    }

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
        Assert.Equal(new PurgeCounts(1, 2, 1, 0, 0, 0), counts);
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
