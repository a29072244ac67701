using System.Buffers.Binary;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Risk;
using Cocoa.Sdk.Runtime;
using Microsoft.Data.Sqlite;

namespace Cocoa.Sdk.Storage.Internal;

/// <summary>
/// The device's embedded SQLite store: consent, own keys, sightings, scan windows, export cursors, processed files,
/// daily results and check history. Every multi-row write is one transaction (WAL journal, full sync), so a crash
/// loses nothing committed and never leaves half a write. Deleted rows are overwritten (<c>secure_delete</c>).
/// </summary>
/// <remarks>The database file is only created by <see cref="EnsureCreated"/> (when the user consents).</remarks>
internal sealed class ExposureStore : IDisposable
{
    /// <summary>Every table of the schema; consent withdrawal must leave each of them empty.</summary>
    public static readonly IReadOnlyList<string> Tables =
        ["consent", "exposure_keys", "sightings", "scans", "export_cursors", "exposure_days", "exposure_checks", "processed_files",
         "exposure_windows", "rejected_files"];

    private readonly string _connectionString;
    private readonly string _synchronous;

    /// <param name="databasePath">The database file.</param>
    /// <param name="durableWrites">
    /// <see langword="true"/>: every commit is flushed to storage before it returns (survives power loss).
    /// <see langword="false"/>: commits survive an app crash but the last ones may be lost on power loss (simulations).
    /// Either way a crash never leaves half a transaction.
    /// </param>
    public ExposureStore(string databasePath, bool durableWrites = true)
    {
        _synchronous = durableWrites ? "FULL" : "NORMAL";
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        DatabasePath = Path.GetFullPath(databasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>Gets the full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>Gets whether the database file exists (it does not before the first consent).</summary>
    public bool Exists => File.Exists(DatabasePath);

    /// <summary>Test hook: called at named points inside transactions; throwing there simulates a crash mid-write.</summary>
    internal Action<string>? FaultInjector { get; set; }

    /// <summary>Creates the file if needed and applies pending migrations.</summary>
    public void EnsureCreated()
    {
        string? directory = Path.GetDirectoryName(DatabasePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        using SqliteConnection connection = Open();
        Execute(connection, null, "PRAGMA journal_mode = WAL");
        int version = Convert.ToInt32(Scalar(connection, null, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
        if (version > StoreMigrations.CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The exposure database has schema version {version}, newer than this SDK's {StoreMigrations.CurrentVersion}.");
        }

        for (int v = version; v < StoreMigrations.CurrentVersion; v++)
        {
            using SqliteTransaction tx = connection.BeginTransaction();
            foreach (string sql in StoreMigrations.All[v])
            {
                Execute(connection, tx, sql);
                Fault($"migration.{v + 1}");
            }

            Execute(connection, tx, $"PRAGMA user_version = {v + 1}");
            tx.Commit();
        }
    }

    /// <summary>Gets the schema version of the file (0 when it does not exist).</summary>
    public int GetSchemaVersion()
    {
        if (!Exists)
        {
            return 0;
        }

        using SqliteConnection connection = Open();
        return Convert.ToInt32(Scalar(connection, null, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
    }

    // ---- consent ----

    public DateTimeOffset? GetConsent()
    {
        if (!Exists)
        {
            return null;
        }

        using SqliteConnection connection = Open();
        object? value = Scalar(connection, null, "SELECT granted_at FROM consent WHERE id = 1");
        return value is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    public void GrantConsent(DateTimeOffset now)
    {
        EnsureCreated();
        using SqliteConnection connection = Open();
        Execute(connection, null, "INSERT OR IGNORE INTO consent (id, granted_at) VALUES (1, $t)", ("$t", ToMs(now)));
    }

    /// <summary>Deletes every row of every table in one transaction, then rewrites the file so no deleted page remains.</summary>
    public void EraseEverything()
    {
        if (!Exists)
        {
            return;
        }

        using SqliteConnection connection = Open();
        using (SqliteTransaction tx = connection.BeginTransaction())
        {
            foreach (string table in Tables)
            {
                Execute(connection, tx, $"DELETE FROM {table}");
                Fault("erase." + table);
            }

            tx.Commit();
        }

        Execute(connection, null, "PRAGMA wal_checkpoint(TRUNCATE)");
        Execute(connection, null, "VACUUM");
        Execute(connection, null, "PRAGMA wal_checkpoint(TRUNCATE)");
    }

    // ---- own keys ----

    public IReadOnlyList<StoredKey> GetKeys()
    {
        using SqliteConnection connection = Open();
        using SqliteCommand command = Command(connection, null,
            "SELECT id, key_data, rolling_start, rolling_period, created_at FROM exposure_keys ORDER BY rolling_start, id");
        using SqliteDataReader reader = command.ExecuteReader();
        var keys = new List<StoredKey>();
        byte[] buffer = new byte[TemporaryExposureKey.KeyLength];
        while (reader.Read())
        {
            ReadBlob(reader, 1, buffer);
            var key = TemporaryExposureKey.FromBytes(buffer, new EnIntervalNumber((uint)reader.GetInt64(2)), reader.GetInt32(3));
            keys.Add(new StoredKey(reader.GetInt64(0), key, FromMs(reader.GetInt64(4))));
        }

        System.Security.Cryptography.CryptographicOperations.ZeroMemory(buffer);
        return keys;
    }

    public void InsertKey(in TemporaryExposureKey key, DateTimeOffset now)
    {
        using SqliteConnection connection = Open();
        InsertKey(connection, null, key, now);
    }

    /// <summary>Cuts a key's rolling period and stores its successor, atomically.</summary>
    public void ReplaceKey(long releasedId, int releasedPeriod, in TemporaryExposureKey successor, DateTimeOffset now)
    {
        using SqliteConnection connection = Open();
        using SqliteTransaction tx = connection.BeginTransaction();
        Execute(connection, tx, "UPDATE exposure_keys SET rolling_period = $p WHERE id = $id", ("$p", releasedPeriod), ("$id", releasedId));
        Fault("release.after-cut");
        InsertKey(connection, tx, successor, now);
        tx.Commit();
    }

    // ---- sightings and scans ----

    /// <summary>Stores one scan window and everything heard in it, atomically.</summary>
    public void RecordScan(ScanRecord scan, IReadOnlyList<SightingRecord> sightings)
    {
        using SqliteConnection connection = Open();
        using SqliteTransaction tx = connection.BeginTransaction();
        Execute(connection, tx, "INSERT INTO scans (started_at, duration_ms) VALUES ($s, $d)",
            ("$s", ToMs(scan.StartedAt)), ("$d", (long)scan.Duration.TotalMilliseconds));
        Fault("scan.after-scan-row");
        if (sightings.Count > 0)
        {
            using SqliteCommand insert = Command(connection, tx,
                "INSERT INTO sightings (rpi, aem, rssi, seen_at) VALUES ($rpi, $aem, $rssi, $t)");
            SqliteParameter rpi = insert.Parameters.Add("$rpi", SqliteType.Blob);
            SqliteParameter aem = insert.Parameters.Add("$aem", SqliteType.Blob);
            SqliteParameter rssi = insert.Parameters.Add("$rssi", SqliteType.Integer);
            SqliteParameter time = insert.Parameters.Add("$t", SqliteType.Integer);
            for (int i = 0; i < sightings.Count; i++)
            {
                SightingRecord s = sightings[i];
                rpi.Value = s.Rpi.ToArray();
                aem.Value = s.Aem.ToArray();
                rssi.Value = s.Rssi;
                time.Value = ToMs(s.SeenAt);
                insert.ExecuteNonQuery();
                Fault("scan.after-sighting");
            }
        }

        tx.Commit();
    }

    public IReadOnlyList<SightingRecord> GetSightings(DateTimeOffset since)
    {
        using SqliteConnection connection = Open();
        using SqliteCommand command = Command(connection, null,
            "SELECT rpi, aem, rssi, seen_at FROM sightings WHERE seen_at >= $t ORDER BY seen_at, id", ("$t", ToMs(since)));
        using SqliteDataReader reader = command.ExecuteReader();
        var list = new List<SightingRecord>();
        byte[] rpi = new byte[RollingProximityIdentifier.Length];
        byte[] aem = new byte[AssociatedEncryptedMetadata.Length];
        while (reader.Read())
        {
            ReadBlob(reader, 0, rpi);
            ReadBlob(reader, 1, aem);
            list.Add(new SightingRecord(
                RollingProximityIdentifier.FromBytes(rpi), AssociatedEncryptedMetadata.FromBytes(aem), reader.GetInt32(2), FromMs(reader.GetInt64(3))));
        }

        return list;
    }

    public IReadOnlyList<ScanRecord> GetScans(DateTimeOffset since)
    {
        using SqliteConnection connection = Open();
        using SqliteCommand command = Command(connection, null,
            "SELECT started_at, duration_ms FROM scans WHERE started_at >= $t ORDER BY started_at, id", ("$t", ToMs(since)));
        using SqliteDataReader reader = command.ExecuteReader();
        var list = new List<ScanRecord>();
        while (reader.Read())
        {
            list.Add(new ScanRecord(FromMs(reader.GetInt64(0)), TimeSpan.FromMilliseconds(reader.GetInt64(1))));
        }

        return list;
    }

    // ---- retention ----

    /// <summary>Deletes keys that ended, and sightings, scans, results and checks from, before <paramref name="cutoff"/>.</summary>
    public PurgeCounts Purge(DateTimeOffset cutoff)
    {
        if (!Exists)
        {
            return default;
        }

        long ms = ToMs(cutoff);
        long interval = cutoff.ToUnixTimeSeconds() / EnIntervalNumber.SecondsPerInterval;
        long day = DayNumber(DateOnly.FromDateTime(cutoff.UtcDateTime));
        using SqliteConnection connection = Open();
        using SqliteTransaction tx = connection.BeginTransaction();
        var counts = new PurgeCounts(
            Execute(connection, tx, "DELETE FROM exposure_keys WHERE rolling_start + rolling_period <= $i", ("$i", interval)),
            Execute(connection, tx, "DELETE FROM sightings WHERE seen_at < $t", ("$t", ms)),
            Execute(connection, tx, "DELETE FROM scans WHERE started_at < $t", ("$t", ms)),
            Execute(connection, tx, "DELETE FROM exposure_days WHERE day < $d", ("$d", day)),
            Execute(connection, tx, "DELETE FROM exposure_checks WHERE checked_at < $t", ("$t", ms)),
            Execute(connection, tx, "DELETE FROM processed_files WHERE processed_at < $t", ("$t", ms)),
            Execute(connection, tx, "DELETE FROM exposure_windows WHERE day < $d", ("$d", day)),
            Execute(connection, tx, "DELETE FROM rejected_files WHERE rejected_at < $t", ("$t", ms)));
        tx.Commit();
        return counts;
    }

    // ---- export processing ----

    /// <summary>Gets the region's cursor (<see cref="ExportCursor.Initial"/> when none or unreadable: that only costs a re-listing,
    /// since processed files are recognised by digest and windows are deduplicated).</summary>
    public ExportCursor GetCursor(string region)
    {
        using SqliteConnection connection = Open();
        string? text = Scalar(connection, null, "SELECT cursor FROM export_cursors WHERE region = $r", ("$r", region)) as string;
        return ExportCursor.TryParse(text, out ExportCursor? cursor) ? cursor! : ExportCursor.Initial;
    }

    /// <summary>Stores the region's cursor on its own (a listing with no new file, e.g. to keep the list's ETag).</summary>
    public void SaveCursor(string region, ExportCursor cursor, DateTimeOffset now)
    {
        using SqliteConnection connection = Open();
        SaveCursor(connection, null, region, cursor, now);
    }

    public bool IsFileProcessed(ReadOnlySpan<byte> digest)
    {
        using SqliteConnection connection = Open();
        return Scalar(connection, null, "SELECT 1 FROM processed_files WHERE sha256 = $h", ("$h", digest.ToArray())) is not null;
    }

    /// <summary>
    /// Records that one export file was fully processed, in one transaction: stores its matched windows (a window already
    /// stored from the same key is kept once), recomputes the daily results from every stored window with
    /// <paramref name="summarize"/> (the notified flag of a day is kept), remembers the file's digest and advances the
    /// region's cursor. Nothing of it is visible unless all of it is.
    /// </summary>
    public void CommitProcessedFile(
        string region,
        ExportCursor cursor,
        ReadOnlySpan<byte> digest,
        IReadOnlyList<StoredWindow> windows,
        Func<IReadOnlyList<ExposureWindow>, IReadOnlyList<ExposureDayRecord>> summarize,
        DateTimeOffset now)
    {
        byte[] hash = digest.ToArray();
        using SqliteConnection connection = Open();
        using SqliteTransaction tx = connection.BeginTransaction();
        if (windows.Count > 0)
        {
            using (SqliteCommand insert = Command(connection, tx,
                """
                INSERT OR IGNORE INTO exposure_windows (key_digest, day, start_s, report_type, infectiousness, calibration, scan_instances)
                VALUES ($k, $d, $s, $r, $i, $c, $scans)
                """))
            {
                SqliteParameter key = insert.Parameters.Add("$k", SqliteType.Blob);
                SqliteParameter day = insert.Parameters.Add("$d", SqliteType.Integer);
                SqliteParameter start = insert.Parameters.Add("$s", SqliteType.Integer);
                SqliteParameter report = insert.Parameters.Add("$r", SqliteType.Integer);
                SqliteParameter infectiousness = insert.Parameters.Add("$i", SqliteType.Integer);
                SqliteParameter calibration = insert.Parameters.Add("$c", SqliteType.Integer);
                SqliteParameter scans = insert.Parameters.Add("$scans", SqliteType.Blob);
                foreach (StoredWindow w in windows)
                {
                    key.Value = w.KeyDigest;
                    day.Value = DayNumber(w.Window.Date);
                    start.Value = w.Window.StartUnixSeconds;
                    report.Value = (int)w.Window.ReportType;
                    infectiousness.Value = (int)w.Window.Infectiousness;
                    calibration.Value = (int)w.Window.CalibrationConfidence;
                    scans.Value = EncodeScanInstances(w.Window.ScanInstances);
                    insert.ExecuteNonQuery();
                    Fault("commit.after-window");
                }
            }

            foreach (ExposureDayRecord d in summarize(ReadWindows(connection, tx)))
            {
                Execute(connection, tx,
                    """
                    INSERT INTO exposure_days (day, high_risk, score_sum, scan_seconds, notified) VALUES ($d, $h, $s, $n, 0)
                    ON CONFLICT (day) DO UPDATE SET
                        high_risk = excluded.high_risk, score_sum = excluded.score_sum, scan_seconds = excluded.scan_seconds
                    """,
                    ("$d", DayNumber(d.Date)), ("$h", d.HighRisk ? 1 : 0), ("$s", d.ScoreSum), ("$n", d.ScanSeconds));
                Fault("commit.after-day");
            }
        }

        Execute(connection, tx, "INSERT OR IGNORE INTO processed_files (sha256, region, processed_at) VALUES ($h, $r, $t)",
            ("$h", hash), ("$r", region), ("$t", ToMs(now)));
        Fault("commit.after-file");
        SaveCursor(connection, tx, region, cursor, now);
        tx.Commit();
    }

    /// <summary>Records a listed file that could not be used (malformed, unverified, gone) and moves the cursor past it, atomically.</summary>
    public void RejectFile(string region, ExportCursor cursor, string location, string reason, DateTimeOffset now)
    {
        using SqliteConnection connection = Open();
        using SqliteTransaction tx = connection.BeginTransaction();
        Execute(connection, tx, "INSERT INTO rejected_files (region, location, reason, rejected_at) VALUES ($r, $l, $why, $t)",
            ("$r", region), ("$l", location), ("$why", reason), ("$t", ToMs(now)));
        Fault("reject.after-row");
        SaveCursor(connection, tx, region, cursor, now);
        tx.Commit();
    }

    public IReadOnlyList<RejectedFileRecord> GetRejectedFiles()
    {
        using SqliteConnection connection = Open();
        using SqliteCommand command = Command(connection, null, "SELECT region, location, reason, rejected_at FROM rejected_files ORDER BY id");
        using SqliteDataReader reader = command.ExecuteReader();
        var list = new List<RejectedFileRecord>();
        while (reader.Read())
        {
            list.Add(new RejectedFileRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), FromMs(reader.GetInt64(3))));
        }

        return list;
    }

    /// <summary>Gets every stored exposure window, oldest first.</summary>
    public IReadOnlyList<ExposureWindow> GetWindows()
    {
        if (!Exists)
        {
            return [];
        }

        using SqliteConnection connection = Open();
        return ReadWindows(connection, null);
    }

    private static List<ExposureWindow> ReadWindows(SqliteConnection connection, SqliteTransaction? tx)
    {
        using SqliteCommand command = Command(connection, tx,
            "SELECT day, start_s, report_type, infectiousness, calibration, scan_instances FROM exposure_windows ORDER BY start_s, id");
        using SqliteDataReader reader = command.ExecuteReader();
        var list = new List<ExposureWindow>();
        while (reader.Read())
        {
            list.Add(new ExposureWindow(
                DateOnly.FromDayNumber(checked((int)reader.GetInt64(0))),
                reader.GetInt64(1),
                (Export.ReportType)reader.GetInt32(2),
                (Infectiousness)reader.GetInt32(3),
                (CalibrationConfidence)reader.GetInt32(4),
                DecodeScanInstances((byte[])reader.GetValue(5))));
        }

        return list;
    }

    // Three little-endian 16-bit values per scan instance: typical attenuation, minimum attenuation, seconds since last scan.
    private static byte[] EncodeScanInstances(IReadOnlyList<ScanInstance> instances)
    {
        byte[] bytes = new byte[instances.Count * 6];
        for (int i = 0; i < instances.Count; i++)
        {
            Span<byte> slot = bytes.AsSpan(i * 6, 6);
            BinaryPrimitives.WriteUInt16LittleEndian(slot, checked((ushort)instances[i].TypicalAttenuationDb));
            BinaryPrimitives.WriteUInt16LittleEndian(slot[2..], checked((ushort)instances[i].MinAttenuationDb));
            BinaryPrimitives.WriteUInt16LittleEndian(slot[4..], checked((ushort)instances[i].SecondsSinceLastScan));
        }

        return bytes;
    }

    private static ScanInstance[] DecodeScanInstances(byte[] bytes)
    {
        if (bytes.Length % 6 != 0)
        {
            throw new InvalidDataException($"A stored exposure window has {bytes.Length} bytes of scan instances; expected a multiple of 6.");
        }

        var instances = new ScanInstance[bytes.Length / 6];
        for (int i = 0; i < instances.Length; i++)
        {
            ReadOnlySpan<byte> slot = bytes.AsSpan(i * 6, 6);
            instances[i] = new ScanInstance(
                BinaryPrimitives.ReadUInt16LittleEndian(slot), BinaryPrimitives.ReadUInt16LittleEndian(slot[2..]), BinaryPrimitives.ReadUInt16LittleEndian(slot[4..]));
        }

        return instances;
    }

    private static void SaveCursor(SqliteConnection connection, SqliteTransaction? tx, string region, ExportCursor cursor, DateTimeOffset now) =>
        Execute(connection, tx,
            """
            INSERT INTO export_cursors (region, cursor, updated_at) VALUES ($r, $c, $t)
            ON CONFLICT (region) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at
            """,
            ("$r", region), ("$c", cursor.Serialize()), ("$t", ToMs(now)));

    public IReadOnlyList<ExposureDayRecord> GetExposureDays()
    {
        if (!Exists)
        {
            return [];
        }

        using SqliteConnection connection = Open();
        using SqliteCommand command = Command(connection, null,
            "SELECT day, high_risk, score_sum, scan_seconds, notified FROM exposure_days ORDER BY day");
        using SqliteDataReader reader = command.ExecuteReader();
        var list = new List<ExposureDayRecord>();
        while (reader.Read())
        {
            list.Add(new ExposureDayRecord(
                DateOnly.FromDayNumber(checked((int)reader.GetInt64(0))), reader.GetInt64(1) != 0, reader.GetDouble(2), reader.GetInt32(3), reader.GetInt64(4) != 0));
        }

        return list;
    }

    /// <summary>Marks a day as notified; returns false when it already was (so the event is raised once per day).</summary>
    public bool TryMarkNotified(DateOnly date)
    {
        using SqliteConnection connection = Open();
        return Execute(connection, null, "UPDATE exposure_days SET notified = 1 WHERE day = $d AND notified = 0 AND high_risk = 1",
            ("$d", DayNumber(date))) == 1;
    }

    public void RecordCheck(DateTimeOffset now, bool succeeded, int filesProcessed)
    {
        using SqliteConnection connection = Open();
        Execute(connection, null, "INSERT INTO exposure_checks (checked_at, succeeded, files_processed) VALUES ($t, $s, $f)",
            ("$t", ToMs(now)), ("$s", succeeded ? 1 : 0), ("$f", filesProcessed));
    }

    public CheckRecord? GetLastCheck(bool succeededOnly)
    {
        if (!Exists)
        {
            return null;
        }

        using SqliteConnection connection = Open();
        using SqliteCommand command = Command(connection, null,
            succeededOnly
                ? "SELECT checked_at, succeeded, files_processed FROM exposure_checks WHERE succeeded = 1 ORDER BY checked_at DESC, id DESC LIMIT 1"
                : "SELECT checked_at, succeeded, files_processed FROM exposure_checks ORDER BY checked_at DESC, id DESC LIMIT 1");
        using SqliteDataReader reader = command.ExecuteReader();
        return reader.Read() ? new CheckRecord(FromMs(reader.GetInt64(0)), reader.GetInt64(1) != 0, reader.GetInt32(2)) : null;
    }

    /// <summary>Releases pooled connections so the file can be moved or deleted.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    internal static long DayNumber(DateOnly date) => date.DayNumber;

    private static long ToMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static void InsertKey(SqliteConnection connection, SqliteTransaction? tx, in TemporaryExposureKey key, DateTimeOffset now) =>
        Execute(connection, tx,
            "INSERT INTO exposure_keys (key_data, rolling_start, rolling_period, created_at) VALUES ($k, $s, $p, $t)",
            ("$k", key.ToKeyArray()), ("$s", (long)key.RollingStartIntervalNumber.Value), ("$p", key.RollingPeriod), ("$t", ToMs(now)));

    private static void ReadBlob(SqliteDataReader reader, int ordinal, byte[] destination)
    {
        // GetFieldValue<byte[]> copies the column's value as SQLite returned it with the row; GetBytes opens an incremental
        // blob handle on every call (measured: about 1.7 µs per call, 0.2 s for the 50,000 sightings an exposure check
        // loads — more than building the matcher's index). The copy is wiped: key data is secret.
        byte[] value = reader.GetFieldValue<byte[]>(ordinal);
        try
        {
            if (value.Length != destination.Length)
            {
                throw new InvalidDataException($"A stored value has {value.Length} bytes; expected {destination.Length}.");
            }

            value.CopyTo(destination, 0);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(value);
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using SqliteCommand pragma = connection.CreateCommand();
        pragma.CommandText = $"PRAGMA synchronous = {_synchronous}; PRAGMA secure_delete = ON; PRAGMA foreign_keys = ON;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private void Fault(string point) => FaultInjector?.Invoke(point);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql, params (string Name, object Value)[] parameters)
    {
        SqliteCommand command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach ((string name, object value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static int Execute(SqliteConnection connection, SqliteTransaction? tx, string sql, params (string Name, object Value)[] parameters)
    {
        using SqliteCommand command = Command(connection, tx, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, SqliteTransaction? tx, string sql, params (string Name, object Value)[] parameters)
    {
        using SqliteCommand command = Command(connection, tx, sql, parameters);
        return command.ExecuteScalar();
    }
}
