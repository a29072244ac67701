using System.Security.Cryptography;
using Cocoa.Samples.NotificationServer.Publishing;
using Cocoa.Samples.NotificationServer.Storage;
using Cocoa.Sdk.Export;
using Cocoa.TestInfrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Cocoa.Samples.NotificationServer.Tests.Publishing;

/// <summary>The publisher on a fake clock, against SQLite and PostgreSQL, with one or several instances.</summary>
public abstract class ExportPublisherTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 10, 30, 0, TimeSpan.Zero);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "cocoa-pub-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(Start);
    private readonly List<IKeyStore> _stores = [];
    private readonly List<SigningKey> _signingKeys = [];

    private protected abstract Task<Func<IKeyStore>> CreateStoreFactoryAsync(string directory);

    private protected virtual Task CleanUpAsync() => Task.CompletedTask;

    private Func<IKeyStore> _newStore = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _newStore = await CreateStoreFactoryAsync(_directory);
    }

    public async Task DisposeAsync()
    {
        foreach (IKeyStore store in _stores)
        {
            await store.DisposeAsync();
        }

        foreach (SigningKey key in _signingKeys)
        {
            key.Dispose();
        }

        await CleanUpAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private NotificationServerOptions Options => new()
    {
        DataDirectory = _directory,
        HealthCenterUrl = new Uri("http://127.0.0.1/"),
        VerificationKey = "k",
        MinKeysPerFile = 0,
        MaxKeysPerFile = 100,
    };

    private async Task<(ExportPublisher Publisher, IKeyStore Store)> InstanceAsync()
    {
        IKeyStore store = _newStore();
        _stores.Add(store);
        await store.InitializeAsync(default);
        SigningKey key = SigningKey.LoadOrCreate(Options, NullLogger.Instance);
        _signingKeys.Add(key);
        return (new ExportPublisher(Options, store, key, _time, NullLogger<ExportPublisher>.Instance), store);
    }

    private static StoredKey Key(long availableAt) =>
        new("440", RandomNumberGenerator.GetBytes(16), (Start.ToUnixTimeSeconds() / 86400 * 144) - 144, 144, 4, 1, 0, availableAt);

    private async Task<List<DiagnosisKey>> PublishedKeysAsync(IKeyStore store)
    {
        var keys = new List<DiagnosisKey>();
        ExportPublicKeySet trusted = ExportPublicKeySet.FromPem(await File.ReadAllTextAsync(Options.PublicKeyPath));
        foreach (ExportFileEntry entry in await store.ListFilesAsync("440", default))
        {
            ExportFileBlob blob = (await store.GetFileAsync("440", entry.Id, default))!;
            using ExportFileReader reader = ExportFileReader.Open(new MemoryStream(blob.Content), new ExportReaderOptions { TrustedKeys = trusted });
            keys.AddRange(reader.ReadKeys());
        }

        return keys;
    }

    [MachineFact]
    public async Task Only_closed_windows_are_published_until_the_clock_moves_on()
    {
        (ExportPublisher publisher, IKeyStore store) = await InstanceAsync();
        long now = Start.ToUnixTimeSeconds();
        await store.StoreSubmissionAsync(RandomNumberGenerator.GetBytes(32), [Key(now - 3600), Key(now - 60), Key(now + 7200)], now, default);

        PublishSummary first = await publisher.PublishAsync(immediate: false, default);
        Assert.Equal(1, first.Keys); // the window 09:00-10:00 is closed; 10:00-11:00 is open

        _time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(1, (await publisher.PublishAsync(immediate: false, default)).Keys);
        Assert.Equal(0, (await publisher.PublishAsync(immediate: true, default)).Keys); // the embargoed key is not due
        _time.Advance(TimeSpan.FromHours(3));
        Assert.Equal(1, (await publisher.PublishAsync(immediate: false, default)).Keys);

        IReadOnlyList<ExportFileEntry> files = await store.ListFilesAsync("440", default);
        Assert.Equal(3, files.Count);
        Assert.True(files.Zip(files.Skip(1)).All(p => p.Second.Created > p.First.Created));
        Assert.Equal(3, (await PublishedKeysAsync(store)).Count);
    }

    [MachineFact]
    public async Task Large_windows_are_split_and_every_key_is_published_once()
    {
        (ExportPublisher publisher, IKeyStore store) = await InstanceAsync();
        long now = Start.ToUnixTimeSeconds();
        StoredKey[] keys = [.. Enumerable.Range(0, 250).Select(_ => Key(now - 4000))];
        await store.StoreSubmissionAsync(RandomNumberGenerator.GetBytes(32), keys, now, default);
        PublishSummary summary = await publisher.PublishAsync(immediate: false, default);
        Assert.Equal((1, 3, 250), (summary.Batches, summary.Files, summary.Keys));
        List<DiagnosisKey> published = await PublishedKeysAsync(store);
        Assert.Equal(keys.Select(k => Convert.ToHexString(k.KeyData)).Order(), published.Select(k => k.Key.ToKeyHex().ToUpperInvariant()).Order());
    }

    [MachineFact]
    public async Task The_lease_of_a_crashed_publisher_lapses_within_a_minute_and_nothing_is_lost_or_doubled()
    {
        // Issue 13: an instance killed while publishing left its lease behind, and the region waited ten minutes.
        (ExportPublisher publisher, IKeyStore store) = await InstanceAsync();
        long now = Start.ToUnixTimeSeconds();
        StoredKey[] keys = [.. Enumerable.Range(0, 30).Select(_ => Key(now - 1))];
        await store.StoreSubmissionAsync(RandomNumberGenerator.GetBytes(32), keys, now, default);
        Assert.True(await store.TryAcquireLeaseAsync("publish:440", "crashed-instance", now, ExportPublisher.LeaseDuration, default));

        PublishSummary blocked = await publisher.PublishAsync(immediate: true, default);
        Assert.Equal((0, 1), (blocked.Keys, blocked.RegionsSkipped));

        _time.Advance(ExportPublisher.LeaseDuration);
        Assert.True(ExportPublisher.LeaseDuration <= TimeSpan.FromMinutes(1));
        PublishSummary recovered = await publisher.PublishAsync(immediate: true, default);
        Assert.Equal((30, 0), (recovered.Keys, recovered.RegionsSkipped));
        Assert.Equal(0, (await publisher.PublishAsync(immediate: true, default)).Keys);
        List<DiagnosisKey> published = await PublishedKeysAsync(store);
        Assert.Equal(keys.Select(k => Convert.ToHexString(k.KeyData)).Order(), published.Select(k => k.Key.ToKeyHex().ToUpperInvariant()).Order());
    }

    [MachineFact]
    public async Task Several_instances_publishing_at_once_publish_every_key_exactly_once()
    {
        var instances = new List<(ExportPublisher Publisher, IKeyStore Store)>();
        for (int i = 0; i < 3; i++)
        {
            instances.Add(await InstanceAsync());
        }

        long now = Start.ToUnixTimeSeconds();
        var all = new List<StoredKey>();
        for (int round = 0; round < 4; round++)
        {
            StoredKey[] keys = [.. Enumerable.Range(0, 60).Select(_ => Key(now - 1))];
            all.AddRange(keys);
            await instances[round % 3].Store.StoreSubmissionAsync(RandomNumberGenerator.GetBytes(32), keys, now, default);
            await Task.WhenAll(instances.Select(i => Task.Run(() => i.Publisher.PublishAsync(immediate: true, default))));
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        List<DiagnosisKey> published = await PublishedKeysAsync(instances[0].Store);
        Assert.Equal(all.Select(k => Convert.ToHexString(k.KeyData)).Order(), published.Select(k => k.Key.ToKeyHex().ToUpperInvariant()).Order());
    }
}

public sealed class SqliteExportPublisherTests : ExportPublisherTests
{
    private protected override Task<Func<IKeyStore>> CreateStoreFactoryAsync(string directory) =>
        Task.FromResult<Func<IKeyStore>>(() => new SqliteKeyStore(Path.Combine(directory, "keys.db")));
}

[Requires(MachineDependency.Postgres)]
public sealed class PostgresExportPublisherTests : ExportPublisherTests
{
    private PostgresTestDatabase? _database;

    private protected override async Task<Func<IKeyStore>> CreateStoreFactoryAsync(string directory)
    {
        _database = await PostgresTestDatabase.CreateAsync("cocoa_ns_pub");
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
