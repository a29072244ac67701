using Cocoa.Samples.NotificationServer.Storage;
using Cocoa.Sdk.Verification;
using Cocoa.TestInfrastructure;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Cocoa.Samples.NotificationServer.Tests.Storage;

/// <summary>
/// The library's <see cref="SqlVerificationFailureCounter"/> in the notification server's database, against SQLite and
/// PostgreSQL: the same rule as the in-memory counter, and one count for every instance on the database.
/// </summary>
public abstract class SharedFailureCounterTests : IAsyncLifetime
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly List<IKeyStore> _stores = [];

    private protected abstract Task<Func<IKeyStore>> CreateStoreFactoryAsync();

    private protected virtual Task CleanUpAsync() => Task.CompletedTask;

    private Func<IKeyStore> _newStore = null!;

    public async Task InitializeAsync() => _newStore = await CreateStoreFactoryAsync();

    public async Task DisposeAsync()
    {
        foreach (IKeyStore store in _stores)
        {
            await store.DisposeAsync();
        }

        await CleanUpAsync();
    }

    /// <summary>One server instance's view: its own store (connection pool) on the shared database.</summary>
    private async Task<(IVerificationFailureCounter Counter, IKeyStore Store)> InstanceAsync()
    {
        IKeyStore store = _newStore();
        _stores.Add(store);
        await store.InitializeAsync(default);
        return (store.CreateFailureCounter(_time), store);
    }

    [MachineFact]
    public async Task A_bucket_waits_from_its_limit_until_the_oldest_counted_failure_leaves_the_window()
    {
        (IVerificationFailureCounter counter, _) = await InstanceAsync();
        for (int i = 0; i < 3; i++)
        {
            Assert.Null(await counter.GetRetryAfterAsync("client:a", 3, Window));
            await counter.RecordFailureAsync("client:a", 3, Window);
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        // Failures at 0, 1 and 2 minutes; now 3 minutes: the one at 0 frees the bucket at 10.
        Assert.Equal(TimeSpan.FromMinutes(7), await counter.GetRetryAfterAsync("client:a", 3, Window));
        Assert.Null(await counter.GetRetryAfterAsync("client:b", 3, Window));
        _time.Advance(TimeSpan.FromMinutes(7));
        Assert.Null(await counter.GetRetryAfterAsync("client:a", 3, Window));
        await counter.RecordFailureAsync("client:a", 3, Window);
        Assert.Equal(TimeSpan.FromMinutes(1), await counter.GetRetryAfterAsync("client:a", 3, Window));
    }

    [MachineFact]
    public async Task Instances_on_one_database_share_one_limit_and_one_client_id_key()
    {
        var instances = new List<(IVerificationFailureCounter Counter, IKeyStore Store)>();
        for (int i = 0; i < 3; i++)
        {
            instances.Add(await InstanceAsync());
        }

        // Two failures through each of three instances: six in total, over a limit of five wherever it is asked.
        foreach ((IVerificationFailureCounter counter, _) in instances.Concat(instances))
        {
            await counter.RecordFailureAsync("client:x", 5, Window);
        }

        foreach ((IVerificationFailureCounter counter, _) in instances)
        {
            Assert.NotNull(await counter.GetRetryAfterAsync("client:x", 5, Window));
        }

        byte[][] keys = await Task.WhenAll(instances.Select(i => i.Store.GetOrCreateSecretAsync("client-id-key", default)));
        Assert.Equal(32, keys[0].Length);
        Assert.All(keys, key => Assert.Equal(keys[0], key));
        Assert.NotEqual(keys[0], await instances[0].Store.GetOrCreateSecretAsync("another", default));
    }
}

public sealed class SqliteSharedFailureCounterTests : SharedFailureCounterTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cocoa-limits-" + Guid.NewGuid().ToString("N"));

    private protected override Task<Func<IKeyStore>> CreateStoreFactoryAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.FromResult<Func<IKeyStore>>(() => new SqliteKeyStore(Path.Combine(_directory, "limits.db")));
    }

    private protected override Task CleanUpAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}

[Requires(MachineDependency.Postgres)]
public sealed class PostgresSharedFailureCounterTests : SharedFailureCounterTests
{
    private PostgresTestDatabase? _database;

    private protected override async Task<Func<IKeyStore>> CreateStoreFactoryAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync("cocoa_ns_limits");
        return () => new PostgresKeyStore(_database.ConnectionString);
    }

    private protected override async Task CleanUpAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
