using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cocoa.Sdk.Benchmarks.Baselines;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Matching;

namespace Cocoa.Sdk.Benchmarks.Matching;

/// <summary>
/// The whole process: runs the built <c>cocoa match</c> on generated signed exports — one file of 2,000,000 keys and the
/// same keys as eight files of 250,000 — against 50,000 sightings (16 planted contacts, checked on every run), and
/// reports keys per wall-clock second and per CPU-second (the child's user + system time) beside the OpenSSL
/// single-stream per-core bound (<see cref="OpenSslBound"/>, libcrypto in this process, before and after the runs), as a ratio.
/// Run with <c>dotnet run -c Release -- match-process [--cocoa path/to/cocoa(.dll)] [--keys n] [--runs n] [--env NAME=value]...</c>.
/// </summary>
internal static class MatchProcessProbe
{
    private const int ObservedRpis = 50_000;
    private const int KeysPerSmallFile = 250_000;

    public static void Run(string[] args)
    {
        string? cocoa = null;
        int keys = 2_000_000;
        int runs = 3;
        var env = new Dictionary<string, string>();
        for (int i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--cocoa":
                    cocoa = args[++i];
                    break;
                case "--keys":
                    keys = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--runs":
                    runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--env":
                    string[] pair = args[++i].Split('=', 2);
                    env[pair[0]] = pair[1];
                    break;
                default:
                    throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        cocoa ??= Path.Combine(RepositoryRoot(), "src/Cocoa.Cli/bin/Release/net10.0/cocoa.dll");
        string directory = Path.Combine(Path.GetTempPath(), $"cocoa-match-process-{keys}");
        Inputs inputs = Generate(directory, keys);
        Console.WriteLine($"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {CpuModel()}, flags: {CpuFlags()}");
        Console.WriteLine($"cocoa: {cocoa} {string.Join(' ', env.Select(e => $"{e.Key}={e.Value}"))}");
        Console.WriteLine($"{keys} keys, {ObservedRpis} sightings; load average {LoadAverage()}");

        double before = BoundKeysPerCpuSecond();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bound before: {before / 1e6:F3} M keys per CPU-second ({OpenSslBound.Version})"));
        var results = new List<(string Name, double Wall, double Cpu)>();
        // --runs 0: only the in-process figures below.
        foreach ((string name, string[] files) in new[] { ($"1 x {keys}", new[] { inputs.OneFile }), ($"{inputs.SmallFiles.Length} x {KeysPerSmallFile}", inputs.SmallFiles) }.Where(_ => runs > 0))
        {
            RunCocoa(cocoa, env, inputs, files); // warm-up (page cache, disk)
            double bestWall = double.MaxValue, bestCpu = double.MaxValue;
            for (int r = 0; r < runs; r++)
            {
                (double wall, double cpu) = RunCocoa(cocoa, env, inputs, files);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: {wall:F3} s wall, {cpu:F3} CPU-s (load {LoadAverage()})"));
                bestWall = Math.Min(bestWall, wall);
                bestCpu = Math.Min(bestCpu, cpu);
            }

            results.Add((name, bestWall, bestCpu));
        }

        // Where the CPU goes, in this process on one thread: the read (inflate, hash, decode, verify) and the matching alone.
        double read = CpuSeconds(() => ReadOnly(inputs.OneFile, inputs.PublicKey));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"in-process, 1 thread: read + verify {keys} keys: {read:F3} CPU-s ({keys / read / 1e6:F2} M keys/s)"));
        var workload = new MatchingWorkload(keys, ObservedRpis);
        var matcher = new ExposureMatcher(workload.Sightings, new MatchOptions { MaxDegreeOfParallelism = 1 });
        matcher.Match(workload.Keys().Take(100_000));
        double match = CpuSeconds(() => matcher.Match(workload.Keys()));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"in-process, 1 thread: match {keys} keys from memory: {match:F3} CPU-s ({keys / match / 1e6:F2} M keys/s)"));
        double pipelineCpu = 0, pipelineWall = 0;
        foreach (int threads in new[] { 1, Environment.ProcessorCount }.Distinct())
        {
            var pipelineMatcher = new ExposureMatcher(workload.Sightings, new MatchOptions { MaxDegreeOfParallelism = threads });
            var wall = Stopwatch.StartNew();
            double pipeline = CpuSeconds(() => Pipeline(pipelineMatcher, [inputs.OneFile], inputs.PublicKey));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"in-process, pipeline on {threads} thread(s), 1 file: {pipeline:F3} CPU-s, {wall.Elapsed.TotalSeconds / 4:F3} s wall per run"));
            (pipelineCpu, pipelineWall) = (pipeline, wall.Elapsed.TotalSeconds / 4);
            wall.Restart();
            pipeline = CpuSeconds(() => Pipeline(pipelineMatcher, inputs.SmallFiles, inputs.PublicKey));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"in-process, pipeline on {threads} thread(s), {inputs.SmallFiles.Length} files: {pipeline:F3} CPU-s, {wall.Elapsed.TotalSeconds / 4:F3} s wall per run"));
        }

        // The device path: the same pipeline behind ExposureNotificationClient.CheckExposureAsync (forward-only stream, the
        // phone's SQLite store, exposure windows and daily sums committed), on all cores as the pipeline line above.
        (double deviceWall, double deviceCpu) = DeviceCheckProbe.Measure(
            inputs.OneFile, File.ReadAllText(inputs.PublicKey), workload.Sightings, DateTimeOffset.FromUnixTimeSeconds(long.Parse(inputs.Now, CultureInfo.InvariantCulture)), keys, runs: 3);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"in-process, device check (CheckExposureAsync), 1 file: {deviceCpu:F3} CPU-s, {deviceWall:F3} s wall (best of 3); per key {deviceCpu / pipelineCpu:F2}x the pipeline's CPU, {deviceWall / pipelineWall:F2}x its wall clock"));

        double after = BoundKeysPerCpuSecond();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bound after:  {after / 1e6:F3} M keys per CPU-second"));
        double bound = (before + after) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bound (mean): {bound / 1e6:F3} M keys/s per core; load average {LoadAverage()}"));
        Console.WriteLine("| files | wall (best) | keys/s wall | keys per CPU-second | ratio to the per-core bound (wall) |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach ((string name, double wall, double cpu) in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {wall:F3} s | {keys / wall / 1e6:F3} M | {keys / cpu / 1e6:F3} M | **{keys / wall / bound:F2}** |"));
        }
    }

    /// <summary>The OpenSSL single-stream per-core bound (<see cref="OpenSslBound"/>), in keys per CPU-second, best of 3.</summary>
    private static double BoundKeysPerCpuSecond()
    {
        const int Keys = 1_000_000;
        using var bound = new OpenSslBound();
        return Keys / CpuSeconds(() => bound.Run(Keys));
    }

    private static void Pipeline(ExposureMatcher matcher, string[] paths, string publicKey)
    {
        var options = new ExportReaderOptions { TrustedKeys = ExportPublicKeySet.FromPem(File.ReadAllText(publicKey)) };
        Func<CancellationToken, Task<Stream>>[] opens = [.. paths.Select(p => (Func<CancellationToken, Task<Stream>>)(_ => Task.FromResult<Stream>(File.OpenRead(p))))];
        Task.Run(async () =>
        {
            await foreach (ExportFileMatchResult r in matcher.MatchExportFilesAsync(opens, options))
            {
                _ = r.Result ?? throw new InvalidOperationException("rejected", r.Error);
            }
        }).GetAwaiter().GetResult();
    }

    private static void ReadOnly(string path, string publicKey)
    {
        var options = new ExportReaderOptions { TrustedKeys = ExportPublicKeySet.FromPem(File.ReadAllText(publicKey)) };
        using ExportFileReader reader = ExportFileReader.OpenStreamingPass(File.OpenRead(path), ownsSource: true, options);
        var keys = new DiagnosisKey[4096];
        while (reader.ReadStreamingBatch(keys) > 0)
        {
        }

        reader.CompleteStreamingPass();
    }

    private static double CpuSeconds(Action action)
    {
        action(); // warm-up
        double best = double.MaxValue;
        for (int i = 0; i < 3; i++)
        {
            TimeSpan before = Process.GetCurrentProcess().TotalProcessorTime;
            action();
            best = Math.Min(best, (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds);
        }

        return best;
    }

    private static (double Wall, double Cpu) RunCocoa(string cocoa, Dictionary<string, string> env, Inputs inputs, string[] files)
    {
        bool dll = cocoa.EndsWith(".dll", StringComparison.Ordinal);
        var start = new ProcessStartInfo(dll ? "dotnet" : cocoa) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (dll)
        {
            start.ArgumentList.Add(cocoa);
        }

        foreach (string a in (string[])["match", "--sightings", inputs.Sightings, "--public-key", inputs.PublicKey, "--now", inputs.Now, "--export"])
        {
            start.ArgumentList.Add(a);
        }

        foreach (string f in files)
        {
            start.ArgumentList.Add(f);
        }

        foreach ((string name, string value) in env)
        {
            start.Environment[name] = value;
        }

        double cpu0 = ChildrenCpuSeconds();
        var wall = Stopwatch.StartNew();
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("cocoa did not start");
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        wall.Stop();
        double cpu = ChildrenCpuSeconds() - cpu0;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"cocoa match exited with {process.ExitCode}: {stderr.Result}");
        }

        using JsonDocument doc = JsonDocument.Parse(stdout);
        int matched = doc.RootElement.GetProperty("matchedKeys").GetArrayLength();
        if (matched != MatchingWorkload.PlantedMatches)
        {
            throw new InvalidOperationException($"Expected {MatchingWorkload.PlantedMatches} matched keys, got {matched}.");
        }

        return (wall.Elapsed.TotalSeconds, cpu);
    }

    private sealed record Inputs(string OneFile, string[] SmallFiles, string Sightings, string PublicKey, string Now);

    private static Inputs Generate(string directory, int keys)
    {
        string[] small = [.. Enumerable.Range(1, (keys + KeysPerSmallFile - 1) / KeysPerSmallFile).Select(n => Path.Combine(directory, $"part-{n}.zip"))];
        var inputs = new Inputs(Path.Combine(directory, "all.zip"), small, Path.Combine(directory, "sightings.csv"), Path.Combine(directory, "public.pem"), "1593734400");
        string done = Path.Combine(directory, "complete");
        if (File.Exists(done))
        {
            return inputs;
        }

        Directory.CreateDirectory(directory);
        var workload = new MatchingWorkload(keys, ObservedRpis);
        DiagnosisKey[] all = [.. workload.Keys()];
        using ECDsa ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using ExportSigningKey signing = ExportSigningKey.FromECDsa(ecdsa, "440", "v1");
        var batch = new ExportBatchInfo(1592438400, 1592524800, "440");
        Write(inputs.OneFile, new ExportFileContent(batch, all, []), signing);
        for (int n = 0; n < small.Length; n++)
        {
            Write(small[n], new ExportFileContent(batch, new ArraySegment<DiagnosisKey>(all, n * KeysPerSmallFile, Math.Min(KeysPerSmallFile, keys - (n * KeysPerSmallFile))), []), signing);
        }

        var csv = new StringBuilder("time,rpi,aem,rssi\n");
        foreach (Sighting s in workload.Sightings)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{s.UnixSeconds},{s.Identifier},{s.EncryptedMetadata},{s.RssiDbm}\n");
        }

        File.WriteAllText(inputs.Sightings, csv.ToString());
        File.WriteAllText(inputs.PublicKey, signing.ExportSubjectPublicKeyInfoPem());
        File.WriteAllText(done, "");
        return inputs;
    }

    private static void Write(string path, ExportFileContent content, ExportSigningKey signing) =>
        ExportFileWriter.WriteAsync(path, content, [signing]).GetAwaiter().GetResult();

    private static string RepositoryRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "Cocoa.Sdk.sln")))
            {
                return dir;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "n/a";

    private static string CpuModel() => CpuInfo("model name") ?? RuntimeInformation.ProcessArchitecture.ToString();

    private static string CpuFlags()
    {
        string[] flags = (CpuInfo("flags") ?? "").Split(' ');
        string[] wanted = ["aes", "vaes", "sha_ni", "avx2", "avx512f", "avx512vl"];
        return string.Join(' ', wanted.Where(flags.Contains));
    }

    private static string? CpuInfo(string field) => File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        : null;

    /// <summary>User + system CPU time of the waited-for child processes (getrusage RUSAGE_CHILDREN).</summary>
    private static double ChildrenCpuSeconds()
    {
        if (getrusage(-1, out RUsage usage) != 0)
        {
            throw new InvalidOperationException("getrusage failed");
        }

        return usage.UserSeconds + (usage.UserMicroseconds / 1e6) + usage.SystemSeconds + (usage.SystemMicroseconds / 1e6);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrusage(int who, out RUsage usage);

    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
        public long MaxRss;
        public long Ixrss;
        public long Idrss;
        public long Isrss;
        public long Minflt;
        public long Majflt;
        public long Nswap;
        public long Inblock;
        public long Oublock;
        public long Msgsnd;
        public long Msgrcv;
        public long Nsignals;
        public long Nvcsw;
        public long Nivcsw;
    }
}
