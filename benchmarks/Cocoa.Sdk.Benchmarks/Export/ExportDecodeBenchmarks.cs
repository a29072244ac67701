using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Cocoa.Sdk.Benchmarks.Baselines;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Export.Internal;
using Cocoa.Sdk.Export.Internal.Protobuf;

namespace Cocoa.Sdk.Benchmarks.Export;

/// <summary>Parsing speed once the zip is inflated: 1,000,000 keys from an in-memory export.bin.</summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class ExportDecodeBenchmarks
{
    private ExportWorkload _workload = null!;
    private readonly DiagnosisKey[] _batch = new DiagnosisKey[1024];

    [Params(1_000_000)]
    public int Keys { get; set; }

    [GlobalSetup]
    public void Setup() => _workload = new ExportWorkload(Keys);

    [Benchmark(Baseline = true, Description = "naive: Google.Protobuf ParseFrom + enumerate")]
    public long GoogleProtobuf() => NaiveExportFile.Enumerate(TemporaryExposureKeyExport.Parser.ParseFrom(_workload.ExportBin.AsSpan(16)));

    [Benchmark(Description = "library: streaming decoder, 1024-key batches")]
    public long StreamingDecoder()
    {
        var decoder = new ExportBinDecoder(KeyListSelection.Keys);
        ReadOnlySpan<byte> data = _workload.ExportBin;
        long sum = 0;
        while (true)
        {
            int written = 0;
            int consumed = decoder.Decode(data, _batch, ref written);
            data = data[consumed..];
            for (int i = 0; i < written; i++)
            {
                sum += _batch[i].Key.RollingPeriod;
            }

            if (written < _batch.Length)
            {
                decoder.Complete(data.Length);
                return sum;
            }
        }
    }
}
