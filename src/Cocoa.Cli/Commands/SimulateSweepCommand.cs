using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Cocoa.Sdk.Simulation.Detection;

namespace Cocoa.Cli.Commands;

/// <summary>
/// <c>cocoa simulate sweep --out &lt;dir&gt; [--config ...] [--risk-config ...] [--trials n] [--seed n] [--json]</c>: detection rate
/// against distance and duration, per device pair at 1 m, and the trade-off of candidate attenuation cuts, as CSV and PNG files.
/// </summary>
internal static class SimulateSweepCommand
{
    /// <summary>COCOA's published 1 m / 15 min detection rates of its final EN v2 parameters (design_for_upgrading_to_env2.md).</summary>
    internal static readonly IReadOnlyDictionary<string, double> CocoaPublished = new Dictionary<string, double>
    {
        ["iPhone–iPhone"] = 0.83,
        ["iPhone–Android"] = 0.64,
        ["Android–Android"] = 0.54,
        ["all"] = 0.72,
    };

    /// <summary>The scan-instance averaging COCOA's design assumed (about 37 readings: one every 830 ms for 30 s).</summary>
    internal const int CocoaSamplesPerScan = 37;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var outOption = new Option<string?>("--out") { Description = "Directory for the CSV and PNG files (created if missing)" };
        var json = new Option<bool>("--json") { Description = "Print a JSON summary instead of tables" };
        SharedOptions shared = SharedOptions.Create();
        var command = new Command("sweep", "Sweep distance and duration, compare device pairs and candidate thresholds; write CSV and PNG plots") { outOption, json };
        shared.AddTo(command);
        command.SetAction(parse =>
        {
            string outDir = CliInput.Required("--out", parse.GetValue(outOption), "a directory for the CSV and PNG files");
            SimulationSetup setup = shared.Read(parse);
            try
            {
                Directory.CreateDirectory(outDir);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw CliUsageException.Expected("--out", "a directory that can be created", outDir, ex is UnauthorizedAccessException ? "permission denied" : CliInput.Sentence(ex.Message));
            }

            List<DetectionRule> rules = [setup.Rule];
            rules.AddRange(new[] { DetectionRule.CocoaV2, DetectionRule.CocoaV1 }.Where(r => r.Name != setup.ConfigName));
            rules.AddRange(DetectionSweepOptions.CandidateCuts());
            var options = new DetectionSweepOptions(
                DetectionSweepOptions.DefaultDistances, DetectionSweepOptions.DefaultMinutes, DevicePair.Japan(), rules, setup.Trials, setup.Seed);
            var simulator = new DetectionSimulator(setup.Model);
            DetectionSweepResult result;
            using (var progress = new ProgressDisplay(stderr))
            {
                result = DetectionSweep.Run(simulator, options, progress);
            }

            var report = new SweepReport(setup, result, simulator.Model);
            IReadOnlyList<string> files = report.WriteFiles(outDir);
            stdout.WriteLine(parse.GetValue(json) ? report.ToJson(outDir, files) : report.ToText(outDir, files));
            return CocoaCli.ExitOk;
        });
        return command;
    }

    /// <summary>Progress on stderr: a line rewritten in place on a terminal, otherwise a line every 10 %.</summary>
    private sealed class ProgressDisplay(TextWriter stderr) : IProgress<DetectionSweepProgress>, IDisposable
    {
        private readonly Lock _lock = new();
        private readonly bool _terminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;
        private int _shown = -1;

        public void Report(DetectionSweepProgress value)
        {
            int percent = (int)(100 * value.TrialsDone / Math.Max(1, value.TrialsTotal));
            lock (_lock)
            {
                int step = _terminal ? percent : percent / 10 * 10;
                if (step <= _shown)
                {
                    return;
                }

                _shown = step;
                string line = string.Create(CultureInfo.InvariantCulture, $"simulating: {step,3} % ({value.TrialsDone:N0} of {value.TrialsTotal:N0} trials)");
                if (_terminal)
                {
                    stderr.Write("\r" + line);
                }
                else
                {
                    stderr.WriteLine(line);
                }
            }
        }

        public void Dispose()
        {
            if (_terminal && _shown >= 0)
            {
                stderr.WriteLine();
            }
        }
    }
}

/// <summary>Turns a sweep into CSV files, PNG plots, a text summary and a JSON summary.</summary>
internal sealed class SweepReport(SimulationSetup setup, DetectionSweepResult result, DetectionModel model)
{
    private static readonly int[] ScanCuts = [.. Enumerable.Range(55, 16)];

    private DetectionEstimate PairPoint => result.Get(1.0, 15);

    public IReadOnlyList<string> WriteFiles(string dir)
    {
        var files = new List<string>();
        void Csv(string name, StringBuilder content)
        {
            File.WriteAllText(Path.Combine(dir, name), content.ToString());
            files.Add(name);
        }

        void Png(string name, Action<string> draw)
        {
            draw(Path.Combine(dir, name));
            files.Add(name);
        }

        Csv("detection-vs-distance.csv", DistanceCsv());
        Png("detection-vs-distance.png", path => SimulationPlots.DetectionVersusDistance(path, setup.ConfigName, result));
        Csv("pairs-1m-15min.csv", PairsCsv());
        Png("pairs-1m-15min.png", path => SimulationPlots.Pairs(path, setup.ConfigName, PairPoint, SimulateSweepCommand.CocoaPublished));
        Csv("tradeoff.csv", TradeOffCsv());
        Png("tradeoff.png", path => SimulationPlots.TradeOff(path, result, setup.ConfigName));
        Csv("scan-cuts.csv", ScanCutsCsv());
        Csv("scan-buckets.csv", ScanBucketsCsv());
        return files;
    }

    public string ToText(string dir, IReadOnlyList<string> files)
    {
        var t = new StringBuilder();
        DetectionSweepOptions o = result.Options;
        t.AppendLine(CultureInfo.InvariantCulture, $"{setup.Description}: {o.TrialsPerPair} trials per pair and point, seed {o.Seed}, sensitivity {model.ReceiverSensitivityDbm} dBm; share-weighted detection rate (%)");
        t.Append("distance m");
        foreach (int m in o.Minutes)
        {
            t.Append(CultureInfo.InvariantCulture, $" {m,6} min");
        }

        t.AppendLine();
        foreach (double d in o.DistancesMetres)
        {
            t.Append(CultureInfo.InvariantCulture, $"{d,10:0.00}");
            foreach (int m in o.Minutes)
            {
                t.Append(CultureInfo.InvariantCulture, $" {result.Get(d, m).GetRate(0) * 100,10:0.0}");
            }

            t.AppendLine();
        }

        t.AppendLine();
        t.AppendLine(CultureInfo.InvariantCulture, $"1 m for 15 min by device pair ({setup.ConfigName}; COCOA published its cocoa-v2 figures)");
        t.AppendLine("pair                   share   this SDK   COCOA");
        foreach (PairEstimate pair in PairPoint.Pairs)
        {
            t.AppendLine(CultureInfo.InvariantCulture, $"{pair.Pair.Name,-20} {pair.Pair.Share,7:0.000} {pair.GetRate(0) * 100,8:0.0} % {SimulateSweepCommand.CocoaPublished[pair.Pair.Name] * 100,5:0} %");
        }

        t.AppendLine(CultureInfo.InvariantCulture, $"{"all (share-weighted)",-20} {1.0,7:0.000} {PairPoint.GetRate(0) * 100,8:0.0} % {SimulateSweepCommand.CocoaPublished["all"] * 100,5:0} %");
        t.AppendLine();
        t.AppendLine("trade-off: missed close contacts (<= 1.5 m, >= 15 min) against notified other contacts (>= 2 m or < 15 min)");
        t.AppendLine("rule              missed   notified");
        for (int r = 0; r < o.Rules.Count; r++)
        {
            (double missed, double notified) = result.GetTradeOff(r);
            t.AppendLine(CultureInfo.InvariantCulture, $"{o.Rules[r].Name,-16} {missed * 100,6:0.0} % {notified * 100,8:0.0} %");
        }

        t.AppendLine();
        t.AppendLine("hard cut on one scan's typical attenuation, 15-minute contacts: missed at 1.5 m / accepted at 2.0 m");
        t.AppendLine("cut dB   simulated miss  simulated 2 m   COCOA's method miss  COCOA's method 2 m");
        foreach (int cut in new[] { 60, 65 })
        {
            (double simMiss, double simFar, double cocoaMiss, double cocoaFar) = ScanCut(cut);
            t.AppendLine(CultureInfo.InvariantCulture, $"{cut,6} {simMiss * 100,14:0.0} % {simFar * 100,12:0.0} % {cocoaMiss * 100,18:0.0} % {cocoaFar * 100,17:0.0} %");
        }

        t.AppendLine();
        t.Append(CultureInfo.InvariantCulture, $"wrote {string.Join(", ", files)} to {dir}");
        return t.ToString();
    }

    public string ToJson(string dir, IReadOnlyList<string> files)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            DetectionSweepOptions o = result.Options;
            w.WriteStartObject();
            w.WriteString("config", setup.ConfigName);
            w.WriteNumber("trials", o.TrialsPerPair);
            w.WriteNumber("seed", o.Seed);
            w.WriteString("out", dir);
            w.WriteStartArray("files");
            files.ToList().ForEach(w.WriteStringValue);
            w.WriteEndArray();
            w.WriteStartArray("points");
            foreach (DetectionEstimate point in result.Points)
            {
                w.WriteStartObject();
                w.WritePropertyName("distanceMeters");
                w.WriteRawValue(SimulateCommand.FormatDecimal(point.Study.Scenario.DistanceMetres));
                w.WriteNumber("minutes", (int)point.Study.Scenario.Duration.TotalMinutes);
                w.WriteNumber("detectionRate", Math.Round(point.GetRate(0), 4));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            SimulateCommand.WritePairs(w, PairPoint.Pairs);
            w.WriteStartArray("tradeoff");
            for (int r = 0; r < o.Rules.Count; r++)
            {
                (double missed, double notified) = result.GetTradeOff(r);
                w.WriteStartObject();
                w.WriteString("rule", o.Rules[r].Name);
                w.WriteNumber("missedClose", Math.Round(missed, 4));
                w.WriteNumber("notifiedNotClose", Math.Round(notified, 4));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private (double SimMiss, double SimFar, double CocoaMiss, double CocoaFar) ScanCut(int cut) =>
        (result.Get(1.5, 15).GetScanShareAbove(cut),
         1 - result.Get(2.0, 15).GetScanShareAbove(cut),
         model.Attenuation.GetProbabilityAverageAbove(1.5, cut, SimulateSweepCommand.CocoaSamplesPerScan),
         1 - model.Attenuation.GetProbabilityAverageAbove(2.0, cut, SimulateSweepCommand.CocoaSamplesPerScan));

    private StringBuilder DistanceCsv()
    {
        var csv = new StringBuilder("config,minutes,distance_m,pair,share,trials,detected,detection_rate\n");
        foreach (DetectionEstimate point in result.Points)
        {
            ContactScenario s = point.Study.Scenario;
            string prefix = string.Create(CultureInfo.InvariantCulture, $"{setup.ConfigName},{(int)s.Duration.TotalMinutes},{s.DistanceMetres:0.00}");
            foreach (PairEstimate pair in point.Pairs)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{prefix},{pair.Pair.Name},{pair.Pair.Share:0.0000},{pair.Trials},{pair.Detected[0]},{pair.GetRate(0):0.0000}\n");
            }

            csv.Append(CultureInfo.InvariantCulture, $"{prefix},all,1.0000,{point.Pairs.Sum(p => p.Trials)},{point.Pairs.Sum(p => p.Detected[0])},{point.GetRate(0):0.0000}\n");
        }

        return csv;
    }

    private StringBuilder PairsCsv()
    {
        var csv = new StringBuilder("config,pair,share,trials,detection_rate,cocoa_published_cocoa_v2\n");
        foreach (PairEstimate pair in PairPoint.Pairs)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{setup.ConfigName},{pair.Pair.Name},{pair.Pair.Share:0.0000},{pair.Trials},{pair.GetRate(0):0.0000},{SimulateSweepCommand.CocoaPublished[pair.Pair.Name]:0.00}\n");
        }

        csv.Append(CultureInfo.InvariantCulture, $"{setup.ConfigName},all,1.0000,{PairPoint.Pairs.Sum(p => p.Trials)},{PairPoint.GetRate(0):0.0000},{SimulateSweepCommand.CocoaPublished["all"]:0.00}\n");
        return csv;
    }

    private StringBuilder TradeOffCsv()
    {
        var csv = new StringBuilder("rule,missed_close,notified_not_close\n");
        for (int r = 0; r < result.Options.Rules.Count; r++)
        {
            (double missed, double notified) = result.GetTradeOff(r);
            csv.Append(CultureInfo.InvariantCulture, $"{result.Options.Rules[r].Name},{missed:0.0000},{notified:0.0000}\n");
        }

        return csv;
    }

    /// <summary>Per grid point: the mean typical attenuation of the scan instances and their shares in COCOA v2's buckets.</summary>
    private StringBuilder ScanBucketsCsv()
    {
        IReadOnlyList<int> t = Cocoa.Sdk.Risk.CocoaExposureConfiguration.Production.DailySummariesConfig.AttenuationBucketThresholdsDb;
        var csv = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"minutes,distance_m,scan_instances,mean_typical_db,immediate_le_{t[0]},near_le_{t[1]},medium_le_{t[2]},other\n"));
        foreach (DetectionEstimate point in result.Points)
        {
            long[] bins = new long[256];
            foreach (PairEstimate pair in point.Pairs)
            {
                for (int i = 0; i < bins.Length; i++)
                {
                    bins[i] += pair.TypicalAttenuationHistogram[i];
                }
            }

            // Pairs are pooled by scan instance here (not share-weighted): the shares describe the scans the simulation saw.
            double total = Math.Max(1, bins.Sum());
            double mean = Enumerable.Range(0, bins.Length).Sum(i => i * (double)bins[i]) / total;
            double Share(int from, int to) => bins.Skip(from).Take(to - from).Sum() / total;
            ContactScenario s = point.Study.Scenario;
            csv.Append(CultureInfo.InvariantCulture,
                $"{(int)s.Duration.TotalMinutes},{s.DistanceMetres:0.00},{bins.Sum()},{mean:0.0},{Share(0, t[0] + 1):0.0000},{Share(t[0] + 1, t[1] + 1):0.0000},{Share(t[1] + 1, t[2] + 1):0.0000},{Share(t[2] + 1, bins.Length):0.0000}\n");
        }

        return csv;
    }

    private StringBuilder ScanCutsCsv()
    {
        var csv = new StringBuilder("cut_db,simulated_missed_at_1_5m,simulated_accepted_at_2m,cocoa_method_missed_at_1_5m,cocoa_method_accepted_at_2m\n");
        foreach (int cut in ScanCuts)
        {
            (double simMiss, double simFar, double cocoaMiss, double cocoaFar) = ScanCut(cut);
            csv.Append(CultureInfo.InvariantCulture, $"{cut},{simMiss:0.0000},{simFar:0.0000},{cocoaMiss:0.0000},{cocoaFar:0.0000}\n");
        }

        return csv;
    }
}
