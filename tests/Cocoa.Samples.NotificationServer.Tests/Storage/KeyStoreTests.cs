using System.Security.Cryptography;
using Cocoa.Samples.NotificationServer.Storage;
using Cocoa.TestInfrastructure;
using Xunit;

namespace Cocoa.Samples.NotificationServer.Tests.Storage;

/// <summary>One storage suite, run against SQLite and PostgreSQL.</summary>
public abstract class KeyStoreTests : IAsyncLifetime
{
    private const long Now = 1_800_000_000;

    private protected IKeyStore Store { get; private set; } = null!;

    private protected abstract Task<IKeyStore> CreateStoreAsync();

    public async Task InitializeAsync()
    {
        Store = await CreateStoreAsync();
        await Store.InitializeAsync(CancellationToken.None);
        await Store.InitializeAsync(CancellationToken.None); // idempotent schema creation
    }

    public virtual async Task DisposeAsync()
    {
        if (Store is not null) // null when a PostgreSQL run was skipped before the store existed
        {
            await Store.DisposeAsync();
        }
    }

    private static StoredKey NewKey(long availableAt, string region = "440", long rollingStart = Now / 600 / 144 * 144 - 144) =>
        new(region, RandomNumberGenerator.GetBytes(16), rollingStart, 144, 4, 1, -2, availableAt);

    private static byte[] Hash() => RandomNumberGenerator.GetBytes(32);

    [MachineFact]
    public async Task Storing_the_same_submission_twice_stores_its_keys_once()
    {
        byte[] hash = Hash();
        StoredKey[] keys = [NewKey(Now), NewKey(Now), NewKey(Now)];
        Assert.False(await Store.IsSubmissionKnownAsync(hash, default));
        Assert.Equal(3, await Store.StoreSubmissionAsync(hash, keys, Now, default));
        Assert.True(await Store.IsSubmissionKnownAsync(hash, default));
        Assert.Equal(0, await Store.StoreSubmissionAsync(hash, keys, Now, default));
        Assert.Equal(0, await Store.StoreSubmissionAsync(Hash(), [keys[0]], Now, default));
        Assert.Equal((3L, 3L), await Store.CountKeysAsync(default));
    }

    [MachineFact]
    public async Task The_same_key_bytes_are_stored_once_per_region()
    {
        StoredKey key = NewKey(Now);
        Assert.Equal(2, await Store.StoreSubmissionAsync(Hash(), [key, key with { Region = "441" }], Now, default));
        Assert.Equal((2L, 2L), await Store.CountKeysAsync(default));
    }

    [MachineFact]
    public Task A_key_repeated_inside_a_small_submission_is_stored_and_published_once() => RepeatedKeyIsStoredOnceAsync(3);

    [MachineFact]
    public Task A_key_repeated_inside_a_bulk_submission_is_stored_and_published_once() => // PostgreSQL: COPY, then its fallback
        RepeatedKeyIsStoredOnceAsync(PostgresKeyStore.CopyThreshold + 50);

    private async Task RepeatedKeyIsStoredOnceAsync(int count)
    {
        StoredKey[] fresh = [.. Enumerable.Range(0, count).Select(_ => NewKey(Now - 10))];
        Assert.Equal(count, await Store.StoreSubmissionAsync(Hash(), [.. fresh, fresh[0], fresh[^1] with { }], Now, default));
        Assert.Equal(((long)count, (long)count), await Store.CountKeysAsync(default));
        Assert.Equal(fresh.Select(k => Convert.ToHexString(k.KeyData)).Order(), (await ClaimAsync(Now)).Order());
    }

    [MachineFact]
    public async Task A_submission_with_a_key_the_database_refuses_stores_none_of_its_keys()
    {
        StoredKey stored = NewKey(Now - 10);
        await Store.StoreSubmissionAsync(Hash(), [stored], Now, default);
        // Small and bulk submissions; on PostgreSQL a bulk one fails in COPY on its last row, or (with a stored key)
        // in COPY on the duplicate and then in the INSERT fallback on its last row.
        foreach ((int count, bool withStoredKey) in new[] { (3, false), (3, true), (PostgresKeyStore.CopyThreshold + 50, false), (PostgresKeyStore.CopyThreshold + 50, true) })
        {
            (long total, long pending) = await Store.CountKeysAsync(default);
            StoredKey[] keys = [.. withStoredKey ? [stored] : Array.Empty<StoredKey>(), .. Enumerable.Range(0, count).Select(_ => NewKey(Now - 10)), NewKey(Now - 10) with { Region = null! }];
            byte[] hash = Hash();
            await Assert.ThrowsAnyAsync<Exception>(() => Store.StoreSubmissionAsync(hash, keys, Now, default));
            Assert.False(await Store.IsSubmissionKnownAsync(hash, default));
            Assert.Equal((total, pending), await Store.CountKeysAsync(default));

            // Nothing half-written is left to block the same keys later.
            Assert.Equal(count, await Store.StoreSubmissionAsync(hash, keys[..^1], Now, default));
            Assert.Equal((total + count, pending + count), await Store.CountKeysAsync(default));
        }
    }

    [MachineFact]
    public async Task A_bulk_submission_cancelled_while_streaming_stores_none_of_its_keys()
    {
        StoredKey[] keys = [.. Enumerable.Range(0, 20_000).Select(_ => NewKey(Now - 10))];
        using var cancellation = new CancellationTokenSource();
        var cancelMidway = new CancelWhileEnumerating(keys, 12_000, cancellation);
        byte[] hash = Hash();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.StoreSubmissionAsync(hash, cancelMidway, Now, cancellation.Token));
        Assert.True(cancelMidway.Cancelled);
        Assert.False(await Store.IsSubmissionKnownAsync(hash, default));
        Assert.Equal((0L, 0L), await Store.CountKeysAsync(default));

        Assert.Equal(keys.Length, await Store.StoreSubmissionAsync(hash, keys, Now, default));
        Assert.Equal(((long)keys.Length, (long)keys.Length), await Store.CountKeysAsync(default));
    }

    /// <summary>A list whose enumeration cancels <paramref name="cancellation"/> on reaching item <paramref name="at"/>.</summary>
    private sealed class CancelWhileEnumerating(StoredKey[] keys, int at, CancellationTokenSource cancellation) : IReadOnlyList<StoredKey>
    {
        public bool Cancelled => cancellation.IsCancellationRequested;

        public int Count => keys.Length;

        public StoredKey this[int index] => keys[index];

        public IEnumerator<StoredKey> GetEnumerator()
        {
            for (int i = 0; i < keys.Length; i++)
            {
                if (i == at)
                {
                    cancellation.Cancel();
                }

                yield return keys[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private async Task<List<string>> ClaimAsync(long before)
    {
        var claimed = new List<string>();
        await Store.PublishAsync("440", 0, before, Now * 1000, (keys, _, _) =>
        {
            claimed.AddRange(keys.Select(k => Convert.ToHexString(k.KeyData)));
            return Task.FromResult<IReadOnlyList<StoredExportFile>>([new StoredExportFile([1], keys.Count)]);
        }, default);
        return claimed;
    }

    /// <summary>
    /// The schema of the previous version: primary key (region, key_data), an index on rolling_start, and pending_keys
    /// indexed on (region, available_at); one key pending, one published. <c>{0}</c> is the binary column type.
    /// </summary>
    private protected const string PreviousVersionSchema = """
        CREATE TABLE diagnosis_keys (region TEXT NOT NULL, key_data {0} NOT NULL, rolling_start BIGINT NOT NULL, rolling_period INTEGER NOT NULL,
            transmission_risk INTEGER NOT NULL, report_type INTEGER NOT NULL, days_since_onset INTEGER NOT NULL, available_at BIGINT NOT NULL,
            batch_id BIGINT NULL, PRIMARY KEY (region, key_data));
        CREATE INDEX ix_diagnosis_keys_pending ON diagnosis_keys (region, available_at) WHERE batch_id IS NULL;
        CREATE INDEX ix_diagnosis_keys_start ON diagnosis_keys (rolling_start);
        CREATE TABLE pending_keys (region TEXT NOT NULL, key_data {0} NOT NULL, rolling_start BIGINT NOT NULL, rolling_period INTEGER NOT NULL,
            transmission_risk INTEGER NOT NULL, report_type INTEGER NOT NULL, days_since_onset INTEGER NOT NULL, available_at BIGINT NOT NULL);
        CREATE INDEX ix_pending_keys_available ON pending_keys (region, available_at);
        INSERT INTO diagnosis_keys VALUES ('440', @pending, 2880000, 144, 4, 1, 0, 1000, 0), ('440', @published, 2880000, 144, 4, 1, 0, 1000, 0);
        INSERT INTO pending_keys VALUES ('440', @pending, 2880000, 144, 4, 1, 0, 1000);
        """;

    /// <summary>
    /// Checks a store on a database of an earlier version holding <paramref name="pendingKey"/> (unpublished) and
    /// <paramref name="publishedKey"/> (published), both region 440, rolling start 2880000, available at 1000:
    /// start-up keeps both, the first pending, and duplicates of them are still refused in small and bulk submissions.
    /// </summary>
    private protected static async Task AssertMigratedKeysAsync(IKeyStore store, byte[] pendingKey, byte[] publishedKey)
    {
        await store.InitializeAsync(default);
        await store.InitializeAsync(default); // migrations run once
        Assert.Equal((2L, 1L), await store.CountKeysAsync(default));
        StoredKey Old(byte[] keyData) => new("440", keyData, 2880000, 144, 4, 1, 0, 1000);
        Assert.Equal(0, await store.StoreSubmissionAsync(Hash(), [Old(pendingKey), Old(publishedKey)], Now, default));
        StoredKey[] bulk = [.. Enumerable.Range(0, PostgresKeyStore.CopyThreshold).Select(_ => NewKey(Now + 7200)), Old(publishedKey), Old(pendingKey)];
        Assert.Equal(PostgresKeyStore.CopyThreshold, await store.StoreSubmissionAsync(Hash(), bulk, Now, default));
        Assert.Equal(PostgresKeyStore.CopyThreshold + 2L, (await store.CountKeysAsync(default)).Total);

        IReadOnlyList<StoredKey>? claimed = null;
        await store.PublishAsync("440", 0, 2000, 2_000_000, (keys, _, _) =>
        {
            claimed = keys;
            return Task.FromResult<IReadOnlyList<StoredExportFile>>([new StoredExportFile([1], keys.Count)]);
        }, default);
        Assert.Equal(Convert.ToHexString(pendingKey), Convert.ToHexString(Assert.Single(claimed!).KeyData));
        await store.InitializeAsync(default);
        Assert.Equal((PostgresKeyStore.CopyThreshold + 2L, (long)PostgresKeyStore.CopyThreshold), await store.CountKeysAsync(default));
    }

    [MachineFact]
    public async Task A_lease_has_one_holder_until_it_expires_or_is_released()
    {
        TimeSpan duration = TimeSpan.FromMinutes(10);
        Assert.True(await Store.TryAcquireLeaseAsync("publish:440", "a", Now, duration, default));
        Assert.False(await Store.TryAcquireLeaseAsync("publish:440", "b", Now + 1, duration, default));
        Assert.True(await Store.TryAcquireLeaseAsync("publish:441", "b", Now + 1, duration, default));
        Assert.True(await Store.TryAcquireLeaseAsync("publish:440", "a", Now + 2, duration, default));
        Assert.True(await Store.TryAcquireLeaseAsync("publish:440", "b", Now + 2 + 600, duration, default));
        await Store.ReleaseLeaseAsync("publish:440", "a", default); // not the holder: no effect
        Assert.False(await Store.TryAcquireLeaseAsync("publish:440", "a", Now + 603, duration, default));
        await Store.ReleaseLeaseAsync("publish:440", "b", default);
        Assert.True(await Store.TryAcquireLeaseAsync("publish:440", "a", Now + 604, duration, default));
    }

    [MachineFact]
    public async Task A_bulk_submission_overlapping_stored_keys_stores_each_new_key_once_and_publishes_it_once()
    {
        // PostgreSQL streams a submission with binary COPY and falls back to INSERT … ON CONFLICT when a key is already
        // stored or repeated; both paths must leave the same keys stored and pending.
        StoredKey[] first = [.. Enumerable.Range(0, 3000).Select(_ => NewKey(Now - 10))];
        Assert.Equal(3000, await Store.StoreSubmissionAsync(Hash(), first, Now, default));
        StoredKey[] fresh = [.. Enumerable.Range(0, 2000).Select(_ => NewKey(Now - 10))];
        StoredKey[] overlapping = [.. fresh, first[7], fresh[3], first[2999]];
        Assert.Equal(2000, await Store.StoreSubmissionAsync(Hash(), overlapping, Now, default));
        Assert.Equal((5000L, 5000L), await Store.CountKeysAsync(default));

        var claimed = new List<string>();
        PublishedBatch batch = await Store.PublishAsync("440", 0, Now, Now * 1000, (keys, _, _) =>
        {
            claimed.AddRange(keys.Select(k => Convert.ToHexString(k.KeyData)));
            return Task.FromResult<IReadOnlyList<StoredExportFile>>([new StoredExportFile([1], keys.Count)]);
        }, default);
        Assert.Equal(5000, batch.RealKeys);
        Assert.Equal(first.Concat(fresh).Select(k => Convert.ToHexString(k.KeyData)).Order(), claimed.Order());
        Assert.Equal((5000L, 0L), await Store.CountKeysAsync(default));

        // A key published before is not stored or published again when resubmitted.
        Assert.Equal(0, await Store.StoreSubmissionAsync(Hash(), [first[0], fresh[0]], Now, default));
        Assert.Empty(await Store.GetPendingWindowsAsync("440", 3600, Now, default));
    }

    [MachineFact]
    public async Task Publishing_claims_exactly_the_available_keys_of_the_window_once()
    {
        StoredKey early = NewKey(Now - 3700), late = NewKey(Now - 10), future = NewKey(Now + 7200), other = NewKey(Now - 10, "441");
        await Store.StoreSubmissionAsync(Hash(), [early, late, future, other], Now, default);
        Assert.Equal([Now - 7200, Now - 3600], await Store.GetPendingWindowsAsync("440", 3600, Now, default));

        IReadOnlyList<StoredKey>? claimed = null;
        PublishedBatch batch = await Store.PublishAsync("440", 0, Now, Now * 1000, (keys, id, _) =>
        {
            claimed = keys;
            return Task.FromResult<IReadOnlyList<StoredExportFile>>([new StoredExportFile([1, 2, 3], keys.Count), new StoredExportFile([4, 5], 1)]);
        }, default);

        Assert.NotNull(claimed);
        Assert.Equal(
            new[] { early.KeyData, late.KeyData }.Select(Convert.ToHexString).Order(),
            claimed!.Select(k => Convert.ToHexString(k.KeyData)).Order());
        StoredKey roundTrip = claimed!.Single(k => k.KeyData.SequenceEqual(early.KeyData));
        Assert.Equal(early with { KeyData = roundTrip.KeyData }, roundTrip);
        Assert.Equal(2, batch.RealKeys);
        Assert.Equal(2, batch.Files.Count);

        PublishedBatch again = await Store.PublishAsync("440", 0, Now, Now * 1000, (_, _, _) => throw new InvalidOperationException("no keys expected"), default);
        Assert.Equal(0, again.BatchId);

        // Committed but not yet in the export store: not listed, content kept for whichever instance stores it.
        Assert.Empty(await Store.ListFilesAsync("440", default));
        Assert.Null(await Store.GetFileAsync("440", batch.Files[0].Id, default));
        IReadOnlyList<ExportFileBlob> unstored = await Store.GetUnstoredFilesAsync("440", default);
        Assert.Equal(batch.Files.Select(f => f.Id), unstored.Select(f => f.Entry.Id));
        Assert.Equal(new byte[] { 1, 2, 3 }, unstored[0].Content);
        Assert.Equal(SHA256.HashData(unstored[0].Content), unstored[0].Entry.Sha256);
        Assert.Empty(await Store.GetUnstoredFilesAsync("441", default));

        await Store.MarkStoredAsync([unstored[0].Entry.Id], Now, default);
        Assert.Equal([unstored[1].Entry.Id], (await Store.GetUnstoredFilesAsync("440", default)).Select(f => f.Entry.Id));
        await Store.MarkStoredAsync([unstored[0].Entry.Id, unstored[1].Entry.Id], Now, default); // idempotent
        Assert.Empty(await Store.GetUnstoredFilesAsync("440", default));

        IReadOnlyList<ExportFileEntry> files = await Store.ListFilesAsync("440", default);
        Assert.Equal(batch.Files.Select(f => f.Id), files.Select(f => f.Id));
        Assert.True(files[1].Created > files[0].Created);
        ExportFileEntry? entry = await Store.GetFileAsync("440", files[0].Id, default);
        Assert.Equal(SHA256.HashData([1, 2, 3]), entry!.Sha256);
        Assert.Null(await Store.GetFileAsync("441", files[0].Id, default));
        Assert.Empty(await Store.ListFilesAsync("441", default));
        Assert.Equal((4L, 2L), await Store.CountKeysAsync(default));
    }

    [MachineFact]
    public async Task A_failure_while_building_files_publishes_nothing_and_loses_no_key()
    {
        await Store.StoreSubmissionAsync(Hash(), [NewKey(Now - 10), NewKey(Now - 10)], Now, default);
        await Assert.ThrowsAsync<IOException>(() =>
            Store.PublishAsync("440", 0, Now, Now * 1000, (_, _, _) => throw new IOException("crash while signing"), default));
        Assert.Empty(await Store.GetUnstoredFilesAsync("440", default));
        Assert.Equal((2L, 2L), await Store.CountKeysAsync(default));

        PublishedBatch batch = await Store.PublishAsync("440", 0, Now, Now * 1000, (keys, _, _) => Task.FromResult<IReadOnlyList<StoredExportFile>>([new StoredExportFile([9], keys.Count)]), default);
        Assert.Equal(2, batch.RealKeys);
    }

    [MachineFact]
    public async Task Created_times_stay_monotonic_when_the_clock_goes_back()
    {
        await Store.StoreSubmissionAsync(Hash(), [NewKey(Now - 10)], Now, default);
        PublishedBatch first = await Store.PublishAsync("440", 0, Now, Now * 1000, (k, _, _) => Task.FromResult<IReadOnlyList<StoredExportFile>>([new StoredExportFile([1], k.Count)]), default);
        await Store.StoreSubmissionAsync(Hash(), [NewKey(Now - 10)], Now, default);
        PublishedBatch second = await Store.PublishAsync("440", 0, Now, (Now - 60) * 1000, (k, _, _) => Task.FromResult<IReadOnlyList<StoredExportFile>>([new StoredExportFile([2], k.Count)]), default);
        Assert.True(second.Files[0].Created > first.Files[0].Created);
    }

    [MachineFact]
    public async Task Concurrent_publishers_publish_every_key_exactly_once()
    {
        var all = Enumerable.Range(0, 400).Select(_ => NewKey(Now - 10)).ToArray();
        for (int i = 0; i < all.Length; i += 50)
        {
            await Store.StoreSubmissionAsync(Hash(), all[i..(i + 50)], Now, default);
        }

        var published = new System.Collections.Concurrent.ConcurrentBag<string>();
        async Task PublishLoopAsync(int offsetMs)
        {
            for (int i = 0; i < 5; i++)
            {
                await Store.PublishAsync("440", 0, Now, (Now * 1000) + offsetMs + i, (keys, _, _) =>
                {
                    foreach (StoredKey key in keys)
                    {
                        published.Add(Convert.ToHexString(key.KeyData));
                    }

                    return Task.FromResult<IReadOnlyList<StoredExportFile>>([new StoredExportFile([7], keys.Count)]);
                }, default);
            }
        }

        await Task.WhenAll(PublishLoopAsync(0), PublishLoopAsync(100), PublishLoopAsync(200));
        var listed = await Store.GetUnstoredFilesAsync("440", default);
        Assert.Equal(all.Length, listed.Sum(f => f.Entry.KeyCount));
        Assert.Equal(all.Length, published.Distinct().Count());
        Assert.Equal(all.Length, published.Count);
        Assert.Equal((400L, 0L), await Store.CountKeysAsync(default));
    }

    [MachineFact]
    public async Task Expired_keys_files_and_submissions_are_deleted()
    {
        long today = Now / 600 / 144 * 144;
        byte[] hash = Hash();
        await Store.StoreSubmissionAsync(hash, [NewKey(Now - 10, rollingStart: today - (15 * 144)), NewKey(Now - 10, rollingStart: today - (13 * 144))], Now - 86400, default);
        await Store.PublishAsync("440", 0, Now, (Now - 86400) * 1000, (k, _, _) => Task.FromResult<IReadOnlyList<StoredExportFile>>([new StoredExportFile([1], k.Count)]), default);
        (int keys, int files) = await Store.DeleteExpiredAsync(today - (14 * 144), Now - 3600, default);
        Assert.Equal(1, keys);
        Assert.Equal(1, files);
        Assert.False(await Store.IsSubmissionKnownAsync(hash, default));
        Assert.Equal((1L, 0L), await Store.CountKeysAsync(default));
    }
}

public sealed class SqliteKeyStoreTests : KeyStoreTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cocoa-store-" + Guid.NewGuid().ToString("N"));

    private protected override Task<IKeyStore> CreateStoreAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.FromResult<IKeyStore>(new SqliteKeyStore(Path.Combine(_directory, "test.db")));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_database_from_before_pending_keys_keeps_its_unpublished_keys_pending_and_publishes_them_once()
    {
        // The schema of earlier versions marked unpublished keys with batch_id NULL in diagnosis_keys.
        byte[] pendingKey = RandomNumberGenerator.GetBytes(16), publishedKey = RandomNumberGenerator.GetBytes(16);
        string path = await CreateDatabaseAsync(
            """
            CREATE TABLE diagnosis_keys (region TEXT NOT NULL, key_data BLOB NOT NULL, rolling_start BIGINT NOT NULL, rolling_period INTEGER NOT NULL,
                transmission_risk INTEGER NOT NULL, report_type INTEGER NOT NULL, days_since_onset INTEGER NOT NULL, available_at BIGINT NOT NULL,
                batch_id BIGINT NULL, PRIMARY KEY (region, key_data));
            INSERT INTO diagnosis_keys VALUES ('440', @pending, 2880000, 144, 4, 1, 0, 1000, NULL), ('440', @published, 2880000, 144, 4, 1, 0, 1000, 3);
            """,
            pendingKey,
            publishedKey);
        await using var store = new SqliteKeyStore(path);
        await AssertMigratedKeysAsync(store, pendingKey, publishedKey);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task A_database_of_the_previous_version_loses_the_indexes_no_longer_used_and_keeps_its_keys()
    {
        byte[] pendingKey = RandomNumberGenerator.GetBytes(16), publishedKey = RandomNumberGenerator.GetBytes(16);
        string path = await CreateDatabaseAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, PreviousVersionSchema, "BLOB"), pendingKey, publishedKey);
        await using (var store = new SqliteKeyStore(path))
        {
            // SQLite cannot change a primary key in place: the old (region, key_data) order stays and still deduplicates.
            await AssertMigratedKeysAsync(store, pendingKey, publishedKey);
        }

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + path);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('diagnosis_keys', 'pending_keys') AND sql IS NOT NULL ORDER BY name)";
        Assert.Equal("ix_diagnosis_keys_pending", await command.ExecuteScalarAsync());
        await connection.CloseAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private async Task<string> CreateDatabaseAsync(string script, byte[] pendingKey, byte[] publishedKey)
    {
        string path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".db");
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + path);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = script;
        command.Parameters.AddWithValue("@pending", pendingKey);
        command.Parameters.AddWithValue("@published", publishedKey);
        await command.ExecuteNonQueryAsync();
        return path;
    }
}

[Requires(MachineDependency.Postgres)]
public sealed class PostgresKeyStoreTests : KeyStoreTests
{
    private PostgresTestDatabase? _database;

    private protected override async Task<IKeyStore> CreateStoreAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("cocoa_ns");
        return new PostgresKeyStore(_database.ConnectionString);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [MachineFact]
    public async Task A_database_of_the_previous_version_gets_the_new_primary_key_and_loses_the_indexes_no_longer_used()
    {
        await using PostgresTestDatabase database = await PostgresTestDatabase.CreateAsync("cocoa_ns_old");
        byte[] pendingKey = RandomNumberGenerator.GetBytes(16), publishedKey = RandomNumberGenerator.GetBytes(16);
        await using (var connection = new Npgsql.NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, PreviousVersionSchema, "BYTEA"), connection);
            command.Parameters.AddWithValue("pending", pendingKey);
            command.Parameters.AddWithValue("published", publishedKey);
            await command.ExecuteNonQueryAsync();
        }

        await using (var store = new PostgresKeyStore(database.ConnectionString))
        {
            await AssertMigratedKeysAsync(store, pendingKey, publishedKey);
        }

        await using (var connection = new Npgsql.NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(
                "SELECT string_agg(indexdef, '; ' ORDER BY indexname) FROM pg_indexes WHERE tablename IN ('diagnosis_keys', 'pending_keys')", connection);
            Assert.Equal(
                "CREATE UNIQUE INDEX diagnosis_keys_pkey ON public.diagnosis_keys USING btree (key_data, region); " +
                "CREATE INDEX ix_diagnosis_keys_pending ON public.diagnosis_keys USING btree (region, available_at) WHERE (batch_id IS NULL)",
                await command.ExecuteScalarAsync());
        }

        Npgsql.NpgsqlConnection.ClearAllPools();
    }
}
