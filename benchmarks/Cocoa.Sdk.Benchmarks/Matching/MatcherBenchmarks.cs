using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Cocoa.Sdk.Benchmarks.Baselines;
using Cocoa.Sdk.Matching;

namespace Cocoa.Sdk.Benchmarks.Matching;

/// <summary>
/// The fast matcher over 100 k / 1 M / 10 M keys against 5 k / 50 k observed RPIs, on one thread and on all cores.
/// Every key lies in the sightings' 14 days (none is skipped early). Each invocation is long, so a few monitored iterations suffice.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class MatcherBenchmarks
{
    private MatchingWorkload _workload = null!;
    private ExposureMatcher _single = null!;
    private ExposureMatcher _all = null!;

    [Params(100_000, 1_000_000, 10_000_000)]
    public int Keys { get; set; }

    [Params(5_000, 50_000)]
    public int ObservedRpis { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _workload = new MatchingWorkload(Keys, ObservedRpis);
        _single = new ExposureMatcher(_workload.Sightings, new MatchOptions { MaxDegreeOfParallelism = 1 });
        _all = new ExposureMatcher(_workload.Sightings, new MatchOptions { MaxDegreeOfParallelism = Environment.ProcessorCount });
    }

    [Benchmark(Description = "fast, 1 thread")]
    public int FastSingleThread() => Check(_single.Match(_workload.Keys()).Matches.Count);

    [Benchmark(Description = "fast, all cores")]
    public int FastAllCores() => Check(_all.Match(_workload.Keys()).Matches.Count);

    private static int Check(int matches) =>
        matches == MatchingWorkload.PlantedMatches ? matches : throw new InvalidOperationException($"Expected {MatchingWorkload.PlantedMatches} matches, got {matches}.");
}

/// <summary>The naive baseline (<see cref="NaiveMatcher"/>) on the same workloads, at 100 k keys only (about 13 s per invocation).</summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 2)]
public class NaiveMatcherBenchmarks
{
    private MatchingWorkload _workload = null!;
    private ExposureMatcher _single = null!;

    [Params(100_000)]
    public int Keys { get; set; }

    [Params(5_000, 50_000)]
    public int ObservedRpis { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _workload = new MatchingWorkload(Keys, ObservedRpis);
        _single = new ExposureMatcher(_workload.Sightings, new MatchOptions { MaxDegreeOfParallelism = 1 });
    }

    [Benchmark(Baseline = true, Description = "naive: HKDF.DeriveKey + EncryptEcb per interval + HashSet")]
    public int Naive() => NaiveMatcher.CountMatchingKeys(_workload.Keys(), _workload.Sightings);

    [Benchmark(Description = "fast, 1 thread")]
    public int FastSingleThread() => _single.Match(_workload.Keys()).Matches.Count;
}
