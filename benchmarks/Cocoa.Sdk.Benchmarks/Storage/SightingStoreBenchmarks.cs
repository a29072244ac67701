using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Cocoa.Sdk.Benchmarks.Baselines;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Storage.Internal;
using Microsoft.Data.Sqlite;

namespace Cocoa.Sdk.Benchmarks.Storage;

/// <summary>Storing one scan window with 16 heard packets: the store's single transaction vs one autocommit per row.</summary>
[MemoryDiagnoser]
public class SightingStoreBenchmarks
{
    private string _directory = "";
    private ExposureStore _store = null!;
    private string _naiveConnection = "";
    private List<SightingRecord> _sightings = [];
    private List<(byte[], byte[], int, long)> _raw = [];
    private DateTimeOffset _time = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Params(true, false)]
    public bool Durable { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "cocoa-bench-" + Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(_directory);
        _store = new ExposureStore(Path.Combine(_directory, "store.db"), Durable);
        _store.EnsureCreated();
        string naivePath = Path.Combine(_directory, "naive.db");
        using (var naive = new ExposureStore(naivePath, Durable))
        {
            naive.EnsureCreated();
        }

        _naiveConnection = $"Data Source={naivePath};Pooling=True";
        for (int i = 0; i < 16; i++)
        {
            byte[] rpi = RandomNumberGenerator.GetBytes(16), aem = RandomNumberGenerator.GetBytes(4);
            _sightings.Add(new SightingRecord(RollingProximityIdentifier.FromBytes(rpi), AssociatedEncryptedMetadata.FromBytes(aem), -60 - i, _time));
            _raw.Add((rpi, aem, -60 - i, _time.ToUnixTimeMilliseconds()));
        }

        using var c = new SqliteConnection(_naiveConnection);
        c.Open();
        using var pragma = c.CreateCommand();
        pragma.CommandText = $"PRAGMA journal_mode = WAL; PRAGMA synchronous = {(Durable ? "FULL" : "NORMAL")}";
        pragma.ExecuteNonQuery();
    }

    [Benchmark(Baseline = true)]
    public void NaiveAutocommitPerRow() => NaiveSightingWriter.Write(_naiveConnection, _time.ToUnixTimeMilliseconds(), _raw);

    [Benchmark]
    public void StoreOneTransactionPerScan() => _store.RecordScan(new ScanRecord(_time, TimeSpan.FromSeconds(4)), _sightings);

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
