using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Cocoa.Sdk.Benchmarks.Baselines;
using Cocoa.Sdk.Export;

namespace Cocoa.Sdk.Benchmarks.Export;

/// <summary>Open + verify the signature + enumerate every key of a 1,000,000-key export zip held in memory.</summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ExportReadBenchmarks
{
    private ExportWorkload _workload = null!;

    [Params(1_000_000)]
    public int Keys { get; set; }

    [GlobalSetup]
    public void Setup() => _workload = new ExportWorkload(Keys);

    [Benchmark(Baseline = true, Description = "naive: whole export.bin + VerifyData + Google.Protobuf ParseFrom")]
    public long Naive() => NaiveExportFile.ReadVerifyEnumerate(_workload.Zip, _workload.PublicKey);

    [Benchmark(Description = "library: ExportFileReader async, verified, streamed")]
    public async Task<long> LibraryAsync()
    {
        long sum = 0;
        await using ExportFileReader reader = await ExportFileReader.OpenAsync(new MemoryStream(_workload.Zip, writable: false), _workload.Trusted);
        await foreach (DiagnosisKey key in reader.ReadKeysAsync())
        {
            sum += key.Key.RollingPeriod;
        }

        return sum;
    }

    [Benchmark(Description = "library: ExportFileReader sync, verified, streamed")]
    public long LibrarySync()
    {
        long sum = 0;
        using ExportFileReader reader = ExportFileReader.Open(new MemoryStream(_workload.Zip, writable: false), _workload.Trusted);
        foreach (DiagnosisKey key in reader.ReadKeys())
        {
            sum += key.Key.RollingPeriod;
        }

        return sum;
    }
}
