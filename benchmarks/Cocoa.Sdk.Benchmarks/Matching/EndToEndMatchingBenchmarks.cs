using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Matching;

namespace Cocoa.Sdk.Benchmarks.Matching;

/// <summary>
/// End to end from signed export zips (COCOA's 250 000 keys per file) through <see cref="ExposureMatcher.MatchExportFilesAsync"/>:
/// each file inflated, hashed (ECDSA P-256 over the whole <c>export.bin</c>) and decoded once while the keys already
/// decoded are matched, 50 k observed RPIs. The whole <c>cocoa match</c> process is measured by <see cref="MatchProcessProbe"/>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class EndToEndMatchingBenchmarks
{
    private const int KeysPerFile = 250_000;

    private readonly List<string> _files = [];
    private string _directory = null!;
    private MatchingWorkload _workload = null!;
    private ExportReaderOptions _options = null!;
    private ExposureMatcher _single = null!;
    private ExposureMatcher _all = null!;

    [Params(100_000, 1_000_000)]
    public int Keys { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _workload = new MatchingWorkload(Keys, 50_000);
        _directory = Directory.CreateTempSubdirectory("cocoa-bench-").FullName;
        using ECDsa ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using ExportSigningKey signing = ExportSigningKey.FromECDsa(ecdsa, "440", "v1");
        for (int start = 0, n = 1; start < _workload.Pool.Count; start += KeysPerFile, n++)
        {
            DiagnosisKey[] keys = [.. _workload.Pool.Skip(start).Take(KeysPerFile)];
            string path = Path.Combine(_directory, $"{n}.zip");
            await ExportFileWriter.WriteAsync(path, new ExportFileContent(new ExportBatchInfo(1592438400, 1592524800, "440"), keys, []), [signing]);
            _files.Add(path);
        }

        _options = new ExportReaderOptions { TrustedKeys = ExportPublicKeySet.FromPem(signing.ExportSubjectPublicKeyInfoPem()) };
        _single = new ExposureMatcher(_workload.Sightings, new MatchOptions { MaxDegreeOfParallelism = 1 });
        _all = new ExposureMatcher(_workload.Sightings, new MatchOptions { MaxDegreeOfParallelism = Environment.ProcessorCount });
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Description = "zips → verify → decode → match, 1 thread")]
    public int SingleThread() => Run(_single);

    [Benchmark(Description = "zips → verify → decode → match, all cores")]
    public int AllCores() => Run(_all);

    private int Run(ExposureMatcher matcher) => RunAsync(matcher).GetAwaiter().GetResult();

    /// <summary>The pipeline of <c>cocoa match</c> and the device check: read, verify and match the files together.</summary>
    private async Task<int> RunAsync(ExposureMatcher matcher)
    {
        Func<CancellationToken, Task<Stream>>[] opens = [.. _files.Select(f => (Func<CancellationToken, Task<Stream>>)(_ => Task.FromResult<Stream>(File.OpenRead(f))))];
        var results = new List<MatchResult>();
        await foreach (ExportFileMatchResult file in matcher.MatchExportFilesAsync(opens, _options))
        {
            results.Add(file.Result ?? throw new InvalidOperationException("A benchmark file was rejected.", file.Error));
        }

        int matches = MatchResult.Concat(results).Matches.Count;
        return matches == MatchingWorkload.PlantedMatches ? matches : throw new InvalidOperationException($"Expected {MatchingWorkload.PlantedMatches} matches, got {matches}.");
    }
}
