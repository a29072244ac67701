using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Cocoa.Sdk.Benchmarks.Baselines;
using Cocoa.Sdk.Crypto.Internal;
using Cocoa.Sdk.Matching;

namespace Cocoa.Sdk.Benchmarks.Matching;

/// <summary>
/// The matcher kernel against its yardstick in one run: the OpenSSL single-stream per-core bound (<see cref="OpenSslBound"/>:
/// 144 AES-128 blocks + 6 SHA-256 compressions per key through libcrypto) as the baseline, and the matcher on 1 M keys
/// against 50 000 sightings (every key pays the full derivation) on one thread and on two. Times are per key, so the Ratio
/// column is kernel time / bound time: ≤ 1.00 means at or above the bound.
/// The x86 kind is the process's: run once as is (AVX-512), once with <c>DOTNET_EnableAVX512=0 DOTNET_EnableAVX512F=0
/// OPENSSL_ia32cap=:~0x10000</c> (AVX2 + SHA-NI) and once adding <c>COCOA_SDK_NATIVE_CRYPTO=0</c> and SHA-NI masked in
/// OpenSSL (<c>OPENSSL_ia32cap=:~0x20010000</c>, AVX2 only); see docs/benchmarks.md.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class MatcherBoundBenchmarks
{
    private const int Keys = 1_000_000;

    private MatchingWorkload _workload = null!;
    private ExposureMatcher _single = null!;
    private ExposureMatcher _two = null!;
    private OpenSslBound _bound = null!;

    [GlobalSetup]
    public void Setup()
    {
        _workload = new MatchingWorkload(Keys, 50_000);
        _single = new ExposureMatcher(_workload.Sightings, new MatchOptions { MaxDegreeOfParallelism = 1 });
        _two = new ExposureMatcher(_workload.Sightings, new MatchOptions { MaxDegreeOfParallelism = 2 });
        _bound = new OpenSslBound();
        Console.WriteLine($"// crypto backend {CryptoBackend.Best}; native helper {NativeCrypto.Status}; {OpenSslBound.Version}; OPENSSL_ia32cap={Environment.GetEnvironmentVariable("OPENSSL_ia32cap") ?? "(unset)"}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    }

    [GlobalCleanup]
    public void Cleanup() => _bound.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Keys, Description = "OpenSSL bound: 144 AES blocks + 6 SHA-256 compressions")]
    public int OpenSsl() => _bound.Run(Keys);

    [Benchmark(OperationsPerInvoke = Keys, Description = "matcher kernel, 1 thread")]
    public int OneThread() => Check(_single.Match(_workload.Keys()).Matches.Count);

    [Benchmark(OperationsPerInvoke = Keys, Description = "matcher kernel, 2 threads")]
    public int TwoThreads() => Check(_two.Match(_workload.Keys()).Matches.Count);

    private static int Check(int matches) =>
        matches == MatchingWorkload.PlantedMatches ? matches : throw new InvalidOperationException($"Expected {MatchingWorkload.PlantedMatches} matches, got {matches}.");
}
