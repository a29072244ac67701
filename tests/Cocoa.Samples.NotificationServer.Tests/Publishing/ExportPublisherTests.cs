using System.Security.Cryptography;
using Cocoa.Samples.NotificationServer.ExportStorage;
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

    private protected ExportLayout Layout { get; } = new(ExportLayout.DefaultContainer, TimeSpan.FromSeconds(60));

    /// <summary>The export store every instance shares (the data directory here; Azurite in the blob suite).</summary>
    private protected virtual IExportStore CreateExportStore() => new LocalExportStore(Options.LocalExportDirectory, Layout);

    private IExportStore? _exports;

    private IExportStore Exports => _exports ??= CreateExportStore();

    private async Task<(ExportPublisher Publisher, IKeyStore Store)> InstanceAsync(IExportStore? exports = null)
    {
        IKeyStore store = _newStore();
        _stores.Add(store);
        await store.InitializeAsync(default);
        await Exports.InitializeAsync(default);
        SigningKey key = SigningKey.LoadOrCreate(Options, NullLogger.Instance);
        _signingKeys.Add(key);
        var distributor = new ExportDistributor(store, exports ?? Exports, Layout, Options, _time, NullLogger<ExportDistributor>.Instance);
        return (new ExportPublisher(Options, store, key, distributor, _time, NullLogger<ExportPublisher>.Instance), store);
    }

    private static StoredKey Key(long availableAt) =>
        new("440", RandomNumberGenerator.GetBytes(16), (Start.ToUnixTimeSeconds() / 86400 * 144) - 144, 144, 4, 1, 0, availableAt);

    private async Task<List<DiagnosisKey>> PublishedKeysAsync(IKeyStore store)
    {
        var keys = new List<DiagnosisKey>();
        ExportPublicKeySet trusted = ExportPublicKeySet.FromPem(await File.ReadAllTextAsync(Options.PublicKeyPath));
        foreach (ExportFileEntry entry in await store.ListFilesAsync("440", default))
        {
            ExportObject zip = (await Exports.ReadAsync(ExportLayout.ZipPath("440", entry.Id), default))!;
            Assert.Equal(entry.Sha256, SHA256.HashData(zip.Content));
            using ExportFileReader reader = ExportFileReader.Open(new MemoryStream(zip.Content), new ExportReaderOptions { TrustedKeys = trusted });
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

    [MachineFact]
    public async Task A_batch_committed_by_an_instance_that_crashed_before_storing_it_is_stored_and_listed_by_the_next()
    {
        (ExportPublisher publisher, IKeyStore store) = await InstanceAsync();
        long now = Start.ToUnixTimeSeconds();
        StoredKey[] keys = [.. Enumerable.Range(0, 30).Select(_ => Key(now - 4000))];
        await store.StoreSubmissionAsync(RandomNumberGenerator.GetBytes(32), keys, now, default);

        // What a crash between the database commit and the upload leaves: a committed batch whose zip is nowhere yet.
        PublishedBatch orphan = await store.PublishAsync("440", 0, now, now * 1000, (claimed, _, ct) => publisher.BuildFilesAsync("440", 0, now, claimed, ct), default);
        Assert.Single(orphan.Files);
        Assert.Empty(await store.ListFilesAsync("440", default));
        Assert.Null(await Exports.ReadAsync(ExportLayout.ZipPath("440", orphan.Files[0].Id), default));

        PublishSummary next = await publisher.PublishAsync(immediate: true, default);
        Assert.Equal(0, next.Keys); // nothing new to claim; the orphan is finished, not published again
        ExportFileEntry listed = Assert.Single(await store.ListFilesAsync("440", default));
        Assert.Equal(orphan.Files[0].Id, listed.Id);
        Assert.Equal(keys.Select(k => Convert.ToHexString(k.KeyData)).Order(), (await PublishedKeysAsync(store)).Select(k => k.Key.ToKeyHex().ToUpperInvariant()).Order());
        ExportObject index = (await Exports.ReadAsync(ExportLayout.IndexPath("440"), default))!;
        Assert.Equal($"c19r/440/{listed.Id}.zip\n", System.Text.Encoding.ASCII.GetString(index.Content));
    }

    [MachineFact]
    public async Task Every_zip_is_in_the_store_before_any_list_names_it()
    {
        var recording = new OrderRecordingStore(Exports);
        (ExportPublisher publisher, IKeyStore store) = await InstanceAsync(recording);
        long now = Start.ToUnixTimeSeconds();
        for (int round = 0; round < 3; round++)
        {
            await store.StoreSubmissionAsync(RandomNumberGenerator.GetBytes(32), [.. Enumerable.Range(0, 150).Select(_ => Key(now - 1))], now, default);
            await publisher.PublishAsync(immediate: true, default);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(3, recording.ListWrites);
        Assert.Empty(recording.Violations);
        Assert.Equal(6, (await store.ListFilesAsync("440", default)).Count);
    }

    /// <summary>Wraps the real store and checks, at every list write, that each zip the list names was written before.</summary>
    private sealed class OrderRecordingStore(IExportStore inner) : IExportStore
    {
        private readonly HashSet<string> _written = [];

        public List<string> Violations { get; } = [];

        public int ListWrites { get; private set; }

        public Uri? DirectBaseUrl => inner.DirectBaseUrl;

        public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

        public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
        {
            if (path.EndsWith("index.txt", StringComparison.Ordinal))
            {
                ListWrites++;
                foreach (string line in System.Text.Encoding.ASCII.GetString(content.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    string zip = line["c19r/".Length..];
                    if (!_written.Contains(zip))
                    {
                        Violations.Add(zip);
                    }
                }
            }

            await inner.WriteAsync(path, content, cancellationToken);
            _written.Add(path);
        }

        public Task<ExportObject?> ReadAsync(string path, CancellationToken cancellationToken) => inner.ReadAsync(path, cancellationToken);

        public Task DeleteAsync(string path, CancellationToken cancellationToken) => inner.DeleteAsync(path, cancellationToken);
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

/// <summary>The same suite with the exports in Azure Blob Storage (a private Azurite) and the keys in PostgreSQL.</summary>
[Requires(MachineDependency.Postgres, MachineDependency.Azurite)]
public sealed class PostgresBlobExportPublisherTests : ExportPublisherTests
{
    private PostgresTestDatabase? _database;
    private PrivateAzurite? _azurite;

    private protected override async Task<Func<IKeyStore>> CreateStoreFactoryAsync(string directory)
    {
        _azurite = await PrivateAzurite.StartAsync();
        _database = await PostgresTestDatabase.CreateAsync("cocoa_ns_blob");
        return () => new PostgresKeyStore(_database.ConnectionString);
    }

    private protected override IExportStore CreateExportStore() => new BlobExportStore(_azurite!.ConnectionString, Layout);

    private protected override async Task CleanUpAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}
