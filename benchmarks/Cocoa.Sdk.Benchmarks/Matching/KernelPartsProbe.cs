using System.Diagnostics;
using System.Globalization;
using Cocoa.Sdk.Benchmarks.Baselines;
using Cocoa.Sdk.Crypto.Internal;
using Cocoa.Sdk.Matching;
using Cocoa.Sdk.Matching.Internal;

namespace Cocoa.Sdk.Benchmarks.Matching;

/// <summary>
/// The matcher kernel beside its yardstick, in one process: CPU nanoseconds per key of the OpenSSL single-stream bound
/// (144 AES blocks + 6 SHA-256 compressions through libcrypto) and of each part of the kernel (batch HKDF, 144 RPIs,
/// the whole matcher per probe kind) for every crypto backend. A profile for the matching targets of issue 18.
/// Run with <c>dotnet run -c Release -- kernel-parts [keys] [observedRpis]</c>.
/// </summary>
internal static class KernelPartsProbe
{
    private const int BatchKeys = 4096;

    public static void Run(string[] args)
    {
        int keys = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        int observed = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 50_000;
        if (args.Length > 3 && args[3] == "profile")
        {
            // Only the matcher on the best backend, for about 10 s: a target for `perf record` (DOTNET_PerfMapEnabled=1).
            var profiled = new MatchingWorkload(keys, observed);
            var matcher = new ExposureMatcher(profiled.Sightings, new MatchOptions { MaxDegreeOfParallelism = 1 });
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < 10)
            {
                matcher.Match(profiled.Keys());
            }

            return;
        }

        Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}, {OpenSslBound.Version}, OPENSSL_ia32cap={Environment.GetEnvironmentVariable("OPENSSL_ia32cap") ?? "(unset)"}");
        Console.WriteLine($"backends: {string.Join(", ", CryptoBackend.Supported)}");

        using var bound = new OpenSslBound();
        double aes = Measure(BatchKeys, () => bound.RunAes(BatchKeys));
        double sha = Measure(BatchKeys, () => bound.RunSha(BatchKeys));
        double both = Measure(BatchKeys, () => bound.Run(BatchKeys));
        Print("OpenSSL bound: 144 AES blocks (EVP ECB)", aes);
        Print("OpenSSL bound: 6 SHA-256 compressions", sha);
        Print("OpenSSL bound: both", both);

        byte[] teks = new byte[BatchKeys * 16];
        byte[] rpiks = new byte[BatchKeys * 16];
        uint[] starts = new uint[BatchKeys];
        byte[] rpis = new byte[BatchKeys * 144 * 16];
        new Random(2642976).NextBytes(teks);
        for (int i = 0; i < BatchKeys; i++)
        {
            starts[i] = 2642976 + (uint)(144 * (i % 14));
        }

        var workload = new MatchingWorkload(keys, observed);
        foreach (ProbeKind probe in Enum.GetValues<ProbeKind>().Reverse())
        {
            // The matcher with its crypto replaced by precomputed random RPIs: what the probe and the bookkeeping cost.
            var noCrypto = new ExposureMatcher(workload.Sightings, new MatchOptions { MaxDegreeOfParallelism = 1 }) { Probe = probe, GeneratorFactory = () => new PrecomputedRpis() };
            Print($"no crypto (precomputed RPIs): matcher, 1 thread, {probe} probe", Measure(workload.KeyCount, () => noCrypto.Match(workload.Keys()).Matches.Count, repeats: 3));
        }

        foreach (CryptoBackendKind backend in CryptoBackend.Supported.Reverse().Where(b => b != CryptoBackendKind.Portable))
        {
            using CryptoBackend.Scope scope = CryptoBackend.Force(backend);
            Print($"{backend}: RPIK (batch HKDF)", Measure(BatchKeys, () => { KeyBatchDeriver.DeriveRpiks(teks, rpiks); return rpiks[0]; }));
            Print($"{backend}: 144 RPIs from RPIKs", Measure(BatchKeys, () => { Aes128Batch.GenerateRpis(rpiks, starts, 144, rpis); return rpis[0]; }));
            Print($"{backend}: TEK -> 144 RPIs", Measure(BatchKeys, () => { KeyBatchDeriver.GenerateRpis(teks, starts, 144, rpis); return rpis[0]; }));
            foreach (ProbeKind probe in Enum.GetValues<ProbeKind>().Reverse())
            {
                var matcher = new ExposureMatcher(workload.Sightings, new MatchOptions { MaxDegreeOfParallelism = 1 }) { Probe = probe };
                double perKey = Measure(workload.KeyCount, () => matcher.Match(workload.Keys()).Matches.Count, repeats: 3);
                Print($"{backend}: matcher, 1 thread, {probe} probe", perKey, both);
            }
        }
    }

    private static void Print(string name, double nanosecondsPerKey, double boundNanoseconds = 0)
    {
        string ratio = boundNanoseconds > 0 ? $"   {boundNanoseconds / nanosecondsPerKey:F2} of the bound" : string.Empty;
        Console.WriteLine($"{name,-52} {nanosecondsPerKey,8:F1} ns/key   {1e3 / nanosecondsPerKey,7:F2} M keys per CPU-second{ratio}");
    }

    /// <summary>CPU nanoseconds per key (process user + system time), best of a few runs of about 0.3 s each.</summary>
    private static double Measure(int keysPerCall, Func<int> call, int repeats = 5)
    {
        call();
        using Process self = Process.GetCurrentProcess();
        var wall = Stopwatch.StartNew();
        int calls = 0;
        while (wall.Elapsed.TotalSeconds < 0.1 || calls < 1)
        {
            call();
            calls++;
        }

        calls = Math.Max(1, (int)(calls * 0.3 / wall.Elapsed.TotalSeconds));
        double best = double.MaxValue;
        for (int r = 0; r < repeats; r++)
        {
            self.Refresh();
            TimeSpan cpu0 = self.TotalProcessorTime;
            for (int c = 0; c < calls; c++)
            {
                call();
            }

            self.Refresh();
            best = Math.Min(best, (self.TotalProcessorTime - cpu0).TotalNanoseconds / ((double)calls * keysPerCall));
        }

        return best;
    }

    /// <summary>A generator without crypto: 64 blocks of random "RPIs" handed out in turn (for the probe-only line).</summary>
    private sealed class PrecomputedRpis : IRpiBatchGenerator
    {
        private const int BytesPerKey = 144 * 16;
        private readonly byte[] _rpis = new byte[64 * BytesPerKey];
        private int _next;

        public PrecomputedRpis() => new Random(7).NextBytes(_rpis);

        public int BatchSize => 16;

        public string Name => "precomputed";

        public void DeriveKeys(ReadOnlySpan<byte> teks, ReadOnlySpan<uint> rollingStarts)
        {
        }

        public ReadOnlySpan<byte> GenerateRpis(int index)
        {
            _next = (_next + 1) & 63;
            return _rpis.AsSpan(_next * BytesPerKey, BytesPerKey);
        }

        public void Dispose()
        {
        }
    }
}
