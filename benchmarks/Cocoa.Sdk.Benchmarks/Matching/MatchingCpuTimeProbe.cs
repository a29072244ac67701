using System.Diagnostics;
using Cocoa.Sdk.Benchmarks.Baselines;
using Cocoa.Sdk.Crypto.Internal;
using Cocoa.Sdk.Matching;

namespace Cocoa.Sdk.Benchmarks.Matching;

/// <summary>
/// Keys per CPU-second (process user + system time) of the matcher on every crypto backend and of the naive baseline:
/// on a shared machine wall-clock time mostly measures the other processes, CPU time measures the work.
/// Run with <c>dotnet run -c Release -- matching-cputime [keys] [observedRpis]</c>.
/// </summary>
internal static class MatchingCpuTimeProbe
{
    public static void Run(string[] args)
    {
        int keys = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
        int rpis = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 50_000;
        var workload = new MatchingWorkload(keys, rpis);
        Console.WriteLine($"{keys} keys, {rpis} observed RPIs, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        foreach (CryptoBackendKind backend in CryptoBackend.Supported.Reverse())
        {
            using CryptoBackend.Scope scope = CryptoBackend.Force(backend);
            MatchingWorkload subset = backend == CryptoBackendKind.Portable ? new MatchingWorkload(Math.Min(keys, 200_000), rpis) : workload;
            foreach (int threads in new[] { 1, Environment.ProcessorCount }.Distinct())
            {
                var matcher = new ExposureMatcher(subset.Sightings, new MatchOptions { MaxDegreeOfParallelism = threads });
                Measure($"fast {backend,-9} {threads} thread(s)", subset.KeyCount, () => matcher.Match(subset.Keys()).Matches.Count);
            }
        }

        var naive = new MatchingWorkload(20_000, rpis);
        Measure("naive (HKDF.DeriveKey + EncryptEcb per interval)", 20_000, () => NaiveMatcher.CountMatchingKeys(naive.Keys(), naive.Sightings));
    }

    private static void Measure(string name, int keys, Func<int> run)
    {
        run(); // warm-up
        double best = 0, bestWall = 0;
        using Process self = Process.GetCurrentProcess();
        for (int i = 0; i < 3; i++)
        {
            self.Refresh();
            TimeSpan cpu0 = self.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            run();
            wall.Stop();
            self.Refresh();
            double cpu = (self.TotalProcessorTime - cpu0).TotalSeconds;
            best = Math.Max(best, keys / cpu);
            bestWall = Math.Max(bestWall, keys / wall.Elapsed.TotalSeconds);
        }

        Console.WriteLine($"{name,-52} {best / 1e3,8:F1} k keys per CPU-second   {bestWall / 1e3,8:F1} k keys/s wall");
    }
}
