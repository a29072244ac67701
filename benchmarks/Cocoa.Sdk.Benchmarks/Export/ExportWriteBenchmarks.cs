using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Cocoa.Sdk.Benchmarks.Baselines;
using Cocoa.Sdk.Export;

namespace Cocoa.Sdk.Benchmarks.Export;

/// <summary>Encode + sign + zip 1,000,000 keys into memory (deflate Optimal, as served).</summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ExportWriteBenchmarks
{
    private ExportWorkload _workload = null!;

    [Params(1_000_000)]
    public int Keys { get; set; }

    [GlobalSetup]
    public void Setup() => _workload = new ExportWorkload(Keys);

    [Benchmark(Baseline = true, Description = "naive: Google.Protobuf message of all keys + SignData + ZipArchive")]
    public int Naive() => NaiveExportFile.WriteAndSign(_workload.Keys, _workload.SigningEcdsa).Length;

    [Benchmark(Description = "library: ExportFileWriter (streamed encode + hash)")]
    public async Task<long> Library()
    {
        using var output = new MemoryStream();
        await ExportFileWriter.WriteAsync(output, _workload.Content, [_workload.Signer]);
        return output.Length;
    }

    [Benchmark(Description = "library: ExportBatcher (sort) + ExportFileWriter")]
    public async Task<long> BatchAndWrite()
    {
        IReadOnlyList<ExportFileContent> files = ExportBatcher.CreateFiles(
            _workload.Keys, [], DateTimeOffset.FromUnixTimeSeconds(1_764_000_000), DateTimeOffset.FromUnixTimeSeconds(1_764_086_400), new ExportBatchOptions { MaxRecordsPerFile = Keys });
        using var output = new MemoryStream();
        await ExportFileWriter.WriteAsync(output, files[0], [_workload.Signer]);
        return output.Length;
    }
}
