using System.Data;
using System.Data.Common;
using System.Security.Cryptography;
using Cocoa.Sdk.Verification;

namespace Cocoa.Samples.NotificationServer.Storage;

/// <summary>The ADO.NET implementation shared by SQLite and PostgreSQL; subclasses supply connections and the few dialect differences.</summary>
internal abstract class SqlKeyStore : IKeyStore
{
    private const string EntryColumns = "f.id, f.region, f.created, f.key_count, f.sha256";

    /// <summary>The columns of a key, in <see cref="StoredKey"/> order, shared by <c>diagnosis_keys</c> and <c>pending_keys</c>.</summary>
    protected const string KeyColumns = "region, key_data, rolling_start, rolling_period, transmission_risk, report_type, days_since_onset, available_at";

    /// <summary>The <c>batch_id</c> of every key row: publication is tracked by <c>pending_keys</c>, not by this column
    /// (kept so databases created by earlier versions stay readable; their unpublished keys are moved on start-up).</summary>
    protected const long TrackedInPendingKeys = 0;

    /// <summary>Column type for binary data.</summary>
    protected abstract string BlobType { get; }

    /// <summary>Column definition of an auto-incrementing 64-bit primary key.</summary>
    protected abstract string IdentityColumn { get; }

    public abstract ValueTask DisposeAsync();

    /// <summary>Serialises write transactions inside this process when the database has a single writer (SQLite),
    /// instead of letting them spin on the database's busy handler; <see langword="null"/> when not needed.</summary>
    protected virtual SemaphoreSlim? WriteGate => null;

    private async Task<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken)
    {
        if (WriteGate is not { } gate)
        {
            return null;
        }

        await gate.WaitAsync(cancellationToken);
        return new GateRelease(gate);
    }

    private sealed class GateRelease(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }

    /// <summary>
    /// Statements that give a <c>diagnosis_keys</c> table created by an earlier version (primary key
    /// <c>(region, key_data)</c>) the current primary key <c>(key_data, region)</c>, once; none where the database cannot
    /// change a primary key in place (SQLite keeps the old order, which only costs speed).
    /// </summary>
    protected virtual IReadOnlyList<string> PrimaryKeyMigration => [];

    /// <summary>Opens a new connection.</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Runs the schema statements, serialised across instances where the database needs it.</summary>
    protected abstract Task CreateSchemaAsync(DbConnection connection, IReadOnlyList<string> statements, CancellationToken cancellationToken);

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        // The columns of a stored key, the same in diagnosis_keys and in its unpublished copy pending_keys.
        string keyColumns =
            $"region TEXT NOT NULL, key_data {BlobType} NOT NULL, rolling_start BIGINT NOT NULL, rolling_period INTEGER NOT NULL, " +
            "transmission_risk INTEGER NOT NULL, report_type INTEGER NOT NULL, days_since_onset INTEGER NOT NULL, available_at BIGINT NOT NULL";
        string[] statements =
        [
            $"CREATE TABLE IF NOT EXISTS diagnosis_keys ({keyColumns}, batch_id BIGINT NULL, PRIMARY KEY (key_data, region))",
            // Key bytes first: they are random, so comparing them almost always decides an index step without
            // comparing the region too (0.7 s less server CPU per million inserted keys on PostgreSQL than
            // (region, key_data), which earlier versions used; PostgreSQL databases are rebuilt once, below).
            .. PrimaryKeyMigration,
            // Kept for databases from before pending_keys; stays empty (new rows carry batch_id 0), so it costs nothing.
            "CREATE INDEX IF NOT EXISTS ix_diagnosis_keys_pending ON diagnosis_keys (region, available_at) WHERE batch_id IS NULL",
            // Unpublished keys are a copy in pending_keys: publishing claims them with one DELETE … RETURNING, which
            // marks heap rows only, where an UPDATE of diagnosis_keys rewrote every row and its primary-key entry
            // (20 s for 1,000,000 keys on PostgreSQL).
            $"CREATE TABLE IF NOT EXISTS pending_keys ({keyColumns})",
            // No index on pending_keys (earlier versions had one on (region, available_at), 0.8 s of server CPU per
            // million inserted keys): it holds only unpublished keys — normally one region's last publishing interval, so
            // the claim's sequential scan reads about the rows it takes; with several regions or a long backlog it also
            // reads the other pending rows (docs/notification-server.md).
            "DROP INDEX IF EXISTS ix_pending_keys_available",
            // Databases from before pending_keys: their unpublished keys (batch_id NULL) move over, once.
            $"INSERT INTO pending_keys ({KeyColumns}) SELECT {KeyColumns} FROM diagnosis_keys WHERE batch_id IS NULL",
            $"UPDATE diagnosis_keys SET batch_id = {TrackedInPendingKeys} WHERE batch_id IS NULL",
            // Earlier versions indexed rolling_start for the daily expiry; one sequential scan a day is cheaper than
            // maintaining that index on every insert (0.8 s of server CPU per million keys on PostgreSQL).
            "DROP INDEX IF EXISTS ix_diagnosis_keys_start",
            $"CREATE TABLE IF NOT EXISTS submissions (idempotency_hash {BlobType} PRIMARY KEY, received_at BIGINT NOT NULL)",
            $"""
            CREATE TABLE IF NOT EXISTS export_batches (
                id {IdentityColumn},
                region TEXT NOT NULL,
                window_start BIGINT NOT NULL,
                window_end BIGINT NOT NULL,
                key_count INTEGER NOT NULL,
                created BIGINT NOT NULL)
            """,
            $"""
            CREATE TABLE IF NOT EXISTS export_files (
                id {IdentityColumn},
                batch_id BIGINT NOT NULL,
                region TEXT NOT NULL,
                created BIGINT NOT NULL,
                key_count INTEGER NOT NULL,
                sha256 {BlobType} NOT NULL,
                content {BlobType} NOT NULL,
                UNIQUE (region, created))
            """,
            // A file is listed only once its zip is in the export store; until then its content waits here, so whichever
            // instance publishes next can finish what a crashed one committed (content is cleared once stored).
            "CREATE TABLE IF NOT EXISTS export_files_stored (file_id BIGINT PRIMARY KEY, stored_at BIGINT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at BIGINT NOT NULL)",
            $"CREATE TABLE IF NOT EXISTS server_secrets (name TEXT PRIMARY KEY, secret {BlobType} NOT NULL)",
            .. SqlVerificationFailureCounter.SchemaStatements,
        ];
        await using DbConnection connection = await OpenAsync(cancellationToken);
        await CreateSchemaAsync(connection, statements, cancellationToken);
    }

    public IVerificationFailureCounter CreateFailureCounter(TimeProvider timeProvider) =>
        new SqlVerificationFailureCounter(OpenAsync, timeProvider);

    public async Task<byte[]> GetOrCreateSecretAsync(string name, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await OpenAsync(cancellationToken);
        await using (DbCommand insert = Command(
            connection,
            null,
            "INSERT INTO server_secrets (name, secret) VALUES (@n, @s) ON CONFLICT (name) DO NOTHING",
            ("n", name),
            ("s", RandomNumberGenerator.GetBytes(32))))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        // Whichever instance inserted first, every instance reads the same secret.
        await using DbCommand select = Command(connection, null, "SELECT secret FROM server_secrets WHERE name = @n", ("n", name));
        return (byte[])(await select.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<bool> IsSubmissionKnownAsync(byte[] idempotencyHash, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await OpenAsync(cancellationToken);
        await using DbCommand command = Command(connection, null, "SELECT 1 FROM submissions WHERE idempotency_hash = @h", ("h", idempotencyHash));
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task<int> StoreSubmissionAsync(byte[] idempotencyHash, IReadOnlyList<StoredKey> keys, long receivedAtUnixSeconds, CancellationToken cancellationToken)
    {
        using IDisposable? write = await EnterWriteAsync(cancellationToken);
        await using DbConnection connection = await OpenAsync(cancellationToken);
        await using DbTransaction transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (DbCommand submission = Command(
            connection,
            transaction,
            "INSERT INTO submissions (idempotency_hash, received_at) VALUES (@h, @t) ON CONFLICT (idempotency_hash) DO NOTHING",
            ("h", idempotencyHash),
            ("t", receivedAtUnixSeconds)))
        {
            await submission.ExecuteNonQueryAsync(cancellationToken);
        }

        int inserted = await InsertKeysAsync(connection, transaction, keys, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return inserted;
    }

    /// <summary>Inserts keys inside <paramref name="transaction"/>, skipping duplicates; returns the number inserted.</summary>
    protected virtual async Task<int> InsertKeysAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<StoredKey> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return 0;
        }

        // A key joins pending_keys only when it was new to diagnosis_keys (the primary key deduplicates).
        await using DbCommand insert = KeyInsert(
            connection, transaction, $"INSERT INTO diagnosis_keys ({KeyColumns}, batch_id) VALUES (@r, @k, @s, @p, @t, @y, @d, @a, {TrackedInPendingKeys}) ON CONFLICT (key_data, region) DO NOTHING");
        await using DbCommand pending = KeyInsert(connection, transaction, $"INSERT INTO pending_keys ({KeyColumns}) VALUES (@r, @k, @s, @p, @t, @y, @d, @a)");
        int inserted = 0;
        foreach (StoredKey key in keys)
        {
            SetKey(insert, key);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                SetKey(pending, key);
                await pending.ExecuteNonQueryAsync(cancellationToken);
                inserted++;
            }
        }

        return inserted;
    }

    private static DbCommand KeyInsert(DbConnection connection, DbTransaction transaction, string sql) =>
        Command(connection, transaction, sql, ("r", ""), ("k", Array.Empty<byte>()), ("s", 0L), ("p", 0), ("t", 0), ("y", 0), ("d", 0), ("a", 0L));

    private static void SetKey(DbCommand command, StoredKey key)
    {
        command.Parameters[0].Value = key.Region;
        command.Parameters[1].Value = key.KeyData;
        command.Parameters[2].Value = key.RollingStart;
        command.Parameters[3].Value = key.RollingPeriod;
        command.Parameters[4].Value = key.TransmissionRisk;
        command.Parameters[5].Value = key.ReportType;
        command.Parameters[6].Value = key.DaysSinceOnset;
        command.Parameters[7].Value = key.AvailableAt;
    }

    public async Task<bool> TryAcquireLeaseAsync(string name, string holder, long nowUnixSeconds, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await OpenAsync(cancellationToken);
        await using DbCommand command = Command(
            connection,
            null,
            """
            INSERT INTO leases (name, holder, expires_at) VALUES (@n, @h, @e)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE leases.expires_at <= @now OR leases.holder = @h
            """,
            ("n", name),
            ("h", holder),
            ("e", nowUnixSeconds + (long)Math.Ceiling(duration.TotalSeconds)),
            ("now", nowUnixSeconds));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await OpenAsync(cancellationToken);
        await using DbCommand command = Command(connection, null, "DELETE FROM leases WHERE name = @n AND holder = @h", ("n", name), ("h", holder));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<long>> GetPendingWindowsAsync(string region, long windowSeconds, long availableBefore, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await OpenAsync(cancellationToken);
        await using DbCommand command = Command(
            connection,
            null,
            "SELECT DISTINCT (available_at / @w) * @w AS window_start FROM pending_keys WHERE region = @r AND available_at < @b ORDER BY window_start",
            ("w", windowSeconds),
            ("r", region),
            ("b", availableBefore));
        var windows = new List<long>();
        await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            windows.Add(reader.GetInt64(0));
        }

        return windows;
    }

    public async Task<PublishedBatch> PublishAsync(string region, long from, long to, long nowUnixMilliseconds, ExportFileBuilder build, CancellationToken cancellationToken)
    {
        using IDisposable? write = await EnterWriteAsync(cancellationToken);
        await using DbConnection connection = await OpenAsync(cancellationToken);
        await using DbTransaction transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        long batchId;
        await using (DbCommand insertBatch = Command(
            connection,
            transaction,
            "INSERT INTO export_batches (region, window_start, window_end, key_count, created) VALUES (@r, @f, @t, 0, @c) RETURNING id",
            ("r", region),
            ("f", from),
            ("t", to),
            ("c", nowUnixMilliseconds)))
        {
            batchId = Convert.ToInt64(await insertBatch.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }

        var keys = new List<StoredKey>();
        await using (DbCommand claim = Command(
            connection,
            transaction,
            $"DELETE FROM pending_keys WHERE region = @r AND available_at >= @f AND available_at < @t RETURNING {KeyColumns}",
            ("r", region),
            ("f", from),
            ("t", to)))
        {
            await using DbDataReader reader = await claim.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add(new StoredKey(
                    reader.GetString(0),
                    (byte[])reader.GetValue(1),
                    reader.GetInt64(2),
                    reader.GetInt32(3),
                    reader.GetInt32(4),
                    reader.GetInt32(5),
                    reader.GetInt32(6),
                    reader.GetInt64(7)));
            }
        }

        if (keys.Count == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new PublishedBatch(0, 0, []);
        }

        IReadOnlyList<StoredExportFile> files = await build(keys, batchId, cancellationToken);
        long created;
        await using (DbCommand last = Command(connection, transaction, "SELECT COALESCE(MAX(created), 0) FROM export_files WHERE region = @r", ("r", region)))
        {
            long previous = Convert.ToInt64(await last.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            created = Math.Max(nowUnixMilliseconds, previous + 1);
        }

        var entries = new List<ExportFileEntry>(files.Count);
        foreach (StoredExportFile file in files)
        {
            byte[] hash = SHA256.HashData(file.Content);
            await using DbCommand insertFile = Command(
                connection,
                transaction,
                "INSERT INTO export_files (batch_id, region, created, key_count, sha256, content) VALUES (@b, @r, @c, @n, @h, @z) RETURNING id",
                ("b", batchId),
                ("r", region),
                ("c", created),
                ("n", file.KeyCount),
                ("h", hash),
                ("z", file.Content));
            long id = Convert.ToInt64(await insertFile.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            entries.Add(new ExportFileEntry(id, region, created, file.KeyCount, hash));
            created++;
        }

        await using (DbCommand update = Command(connection, transaction, "UPDATE export_batches SET key_count = @n WHERE id = @b", ("n", keys.Count), ("b", batchId)))
        {
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new PublishedBatch(batchId, keys.Count, entries);
    }

    public async Task<IReadOnlyList<ExportFileEntry>> ListFilesAsync(string region, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await OpenAsync(cancellationToken);
        await using DbCommand command = Command(
            connection,
            null,
            $"SELECT {EntryColumns} FROM export_files f JOIN export_files_stored s ON s.file_id = f.id WHERE f.region = @r ORDER BY f.created, f.id",
            ("r", region));
        var entries = new List<ExportFileEntry>();
        await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(ReadEntry(reader));
        }

        return entries;
    }

    public async Task<ExportFileEntry?> GetFileAsync(string region, long id, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await OpenAsync(cancellationToken);
        await using DbCommand command = Command(
            connection,
            null,
            $"SELECT {EntryColumns} FROM export_files f JOIN export_files_stored s ON s.file_id = f.id WHERE f.region = @r AND f.id = @i",
            ("r", region),
            ("i", id));
        await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadEntry(reader) : null;
    }

    public async Task<IReadOnlyList<ExportFileBlob>> GetUnstoredFilesAsync(string region, CancellationToken cancellationToken)
    {
        await using DbConnection connection = await OpenAsync(cancellationToken);
        await using DbCommand command = Command(
            connection,
            null,
            $"SELECT {EntryColumns}, f.content FROM export_files f WHERE f.region = @r AND NOT EXISTS (SELECT 1 FROM export_files_stored s WHERE s.file_id = f.id) ORDER BY f.created, f.id",
            ("r", region));
        var files = new List<ExportFileBlob>();
        await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            files.Add(new ExportFileBlob(ReadEntry(reader), (byte[])reader.GetValue(5)));
        }

        return files;
    }

    public async Task MarkStoredAsync(IReadOnlyList<long> ids, long nowUnixSeconds, CancellationToken cancellationToken)
    {
        using IDisposable? write = await EnterWriteAsync(cancellationToken);
        await using DbConnection connection = await OpenAsync(cancellationToken);
        await using DbTransaction transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (long id in ids)
        {
            await using (DbCommand mark = Command(
                connection,
                transaction,
                "INSERT INTO export_files_stored (file_id, stored_at) VALUES (@i, @t) ON CONFLICT (file_id) DO NOTHING",
                ("i", id),
                ("t", nowUnixSeconds)))
            {
                await mark.ExecuteNonQueryAsync(cancellationToken);
            }

            // The export store holds the zip now; the database keeps only its listing entry.
            await using DbCommand clear = Command(connection, transaction, "UPDATE export_files SET content = @empty WHERE id = @i", ("empty", Array.Empty<byte>()), ("i", id));
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<(int Keys, int Files)> DeleteExpiredAsync(long keyStartBefore, long createdBeforeUnixSeconds, CancellationToken cancellationToken)
    {
        using IDisposable? write = await EnterWriteAsync(cancellationToken);
        await using DbConnection connection = await OpenAsync(cancellationToken);
        await using DbTransaction transaction = await connection.BeginTransactionAsync(cancellationToken);
        int keys, files;
        await using (DbCommand command = Command(connection, transaction, "DELETE FROM diagnosis_keys WHERE rolling_start < @k", ("k", keyStartBefore)))
        {
            keys = await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (DbCommand command = Command(connection, transaction, "DELETE FROM pending_keys WHERE rolling_start < @k", ("k", keyStartBefore)))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (DbCommand command = Command(
            connection,
            transaction,
            "DELETE FROM export_files_stored WHERE file_id IN (SELECT id FROM export_files WHERE created < @c)",
            ("c", createdBeforeUnixSeconds * 1000)))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (DbCommand command = Command(connection, transaction, "DELETE FROM export_files WHERE created < @c", ("c", createdBeforeUnixSeconds * 1000)))
        {
            files = await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (DbCommand command = Command(connection, transaction, "DELETE FROM export_batches WHERE created < @c", ("c", createdBeforeUnixSeconds * 1000)))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (DbCommand command = Command(connection, transaction, "DELETE FROM submissions WHERE received_at < @c", ("c", createdBeforeUnixSeconds)))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (keys, files);
    }

    public async Task<(long Total, long Pending)> CountKeysAsync(CancellationToken cancellationToken)
    {
        await using DbConnection connection = await OpenAsync(cancellationToken);
        await using DbCommand command = Command(
            connection, null, "SELECT (SELECT COUNT(*) FROM diagnosis_keys), (SELECT COUNT(*) FROM pending_keys)");
        await using DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Creates a command with named parameters.</summary>
    protected static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.CommandTimeout = 300;
        foreach ((string name, object value) in parameters)
        {
            DbParameter parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static ExportFileEntry ReadEntry(DbDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt32(3), (byte[])reader.GetValue(4));
}
