using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Matching;
using Cocoa.Sdk.Risk;

namespace Cocoa.Cli.Commands;

/// <summary>
/// <c>cocoa match --export &lt;file.zip&gt;... --sightings &lt;sightings.csv&gt; [--scans &lt;file&gt;] [--public-key &lt;pem&gt;]
/// [--config &lt;configuration.json&gt;] [--risk-config &lt;risk_calculation_configuration.json&gt;] [--rssi-correction &lt;dB&gt;]
/// [--now &lt;unix seconds&gt;]</c>: matches export files against stored sightings and prints windows, summaries and COCOA's decision.
/// </summary>
internal static class MatchCommand
{
    private const string CsvHeader = "time,rpi,aem,rssi";

    private static readonly HashSet<ExportFormatError> SignatureErrors =
    [
        ExportFormatError.MalformedSignatureList,
        ExportFormatError.MissingSignature,
        ExportFormatError.MalformedSignature,
        ExportFormatError.UnsupportedSignatureAlgorithm,
        ExportFormatError.UnknownSigningKey,
        ExportFormatError.SignatureMismatch,
    ];

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var exportOption = new Option<string[]>("--export") { Description = "Export zip files (export.bin + export.sig)", HelpName = "an export zip file", Required = true, AllowMultipleArgumentsPerToken = true };
        var sightingsOption = new Option<string>("--sightings") { Description = "CSV of stored sightings: header time,rpi,aem,rssi (unix seconds, 32 hex, 8 hex, dBm)", HelpName = "a CSV file", Required = true };
        var scansOption = new Option<string?>("--scans") { Description = "The phone's scan times, one unix time per line (default: the distinct sighting times)", HelpName = "a file" };
        var publicKeyOption = new Option<string?>("--public-key") { Description = "Files whose signature does not verify are rejected", HelpName = "a P-256 public key PEM file" };
        var configOption = new Option<string?>("--config") { Description = "COCOA configuration.json (default: COCOA's production configuration)", HelpName = "a JSON file" };
        var riskConfigOption = new Option<string?>("--risk-config") { Description = "COCOA risk_calculation_configuration.json (default: ScoreSum >= 1350 and 900 s)", HelpName = "a JSON file" };
        var rssiOption = new Option<string?>("--rssi-correction") { Description = "The receiving device's RSSI correction in dB (default 0)", HelpName = "an integer from -200 to 200" };
        var nowOption = new Option<string?>("--now") { Description = "Current time as unix seconds (default: the system clock)", HelpName = "an integer from 0 to 253402300799" };
        var command = new Command("match", "Match diagnosis keys from export files against stored sightings and score them as COCOA does")
        {
            exportOption, sightingsOption, scansOption, publicKeyOption, configOption, riskConfigOption, rssiOption, nowOption,
        };
        command.SetAction(parse => Run(
            parse.GetValue(exportOption)!,
            parse.GetValue(sightingsOption)!,
            parse.GetValue(scansOption),
            parse.GetValue(publicKeyOption),
            parse.GetValue(configOption),
            parse.GetValue(riskConfigOption),
            (int)CliInput.Integer("--rssi-correction", parse.GetValue(rssiOption) ?? "0", -200, 200),
            parse.GetValue(nowOption) is { } now ? CliInput.Integer("--now", now, 0, 253402300799) : null,
            stdout,
            stderr));
        return command;
    }

    private static int Run(
        string[] exports,
        string sightingsPath,
        string? scansPath,
        string? publicKeyPath,
        string? configPath,
        string? riskConfigPath,
        int rssiCorrection,
        long? nowSeconds,
        TextWriter stdout,
        TextWriter stderr)
    {
        if (exports.Length == 0)
        {
            throw CliUsageException.Expected("--export", "at least one export zip file", null);
        }

        // Configurations and the public key load on another core while the sightings are parsed; their errors are still
        // reported after the sightings' (awaiting rethrows the first one).
        Task<(CocoaExposureConfiguration Config, CocoaRiskCalculationConfiguration Risk, ExportReaderOptions Reader)> settings =
            Task.Run(() => (
                configPath is null ? CocoaExposureConfiguration.Production : ReadConfig(configPath, "--config", CocoaExposureConfiguration.Parse),
                riskConfigPath is null ? CocoaRiskCalculationConfiguration.Production : ReadConfig(riskConfigPath, "--risk-config", CocoaRiskCalculationConfiguration.Parse),
                ReaderOptions(publicKeyPath)));
        List<Sighting> sightings = ReadSightings(sightingsPath);
        long[] scans = scansPath is null ? [.. sightings.Select(s => s.UnixSeconds).Distinct().Order()] : ReadScans(scansPath);
        (CocoaExposureConfiguration config, CocoaRiskCalculationConfiguration riskConfig, ExportReaderOptions options) = settings.GetAwaiter().GetResult();
        var stopwatch = Stopwatch.StartNew();
        var matcher = new ExposureMatcher(sightings, new MatchOptions { RssiCorrectionDb = rssiCorrection });
        Func<CancellationToken, Task<Stream>>[] files = [.. exports.Select(path => (Func<CancellationToken, Task<Stream>>)(_ => Task.FromResult<Stream>(
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan))))];
        var results = new List<MatchResult>(exports.Length);
        int? failed = MatchFiles(matcher, files, options, new StderrProgress(stderr), results, exports, publicKeyPath is not null, stderr);
        if (failed is int exitCode)
        {
            return exitCode;
        }

        MatchResult result = MatchResult.Concat(results);
        stderr.WriteLine($"matched {result.Matches.Count} of {result.KeysProcessed} keys from {exports.Length} file(s) against {sightings.Count} sightings in {stopwatch.Elapsed.TotalSeconds:F2} s");

        DateTimeOffset now = nowSeconds is long s ? DateTimeOffset.FromUnixTimeSeconds(s) : TimeProvider.System.GetUtcNow();
        ExposureScoringResult scoring = ExposureScorer.Score(result.Matches, scans, config, riskConfig, now);
        WriteJson(stdout, result, scoring);
        return CocoaCli.ExitOk;
    }

    /// <summary>
    /// Runs the library's pipeline over the files; each file's result arrives in argument order, and the first file that
    /// failed ends the command as when the files were opened one by one before matching: a missing file or a malformed
    /// one is bad input, a signature that does not verify is exit 1. Returns that exit code, or null when all files matched.
    /// </summary>
    private static int? MatchFiles(
        ExposureMatcher matcher,
        Func<CancellationToken, Task<Stream>>[] files,
        ExportReaderOptions options,
        IProgress<MatchProgress> progress,
        List<MatchResult> results,
        string[] paths,
        bool verifying,
        TextWriter stderr)
    {
        IAsyncEnumerator<ExportFileMatchResult> e = matcher.MatchExportFilesAsync(files, options, progress).GetAsyncEnumerator();
        try
        {
            while (e.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                ExportFileMatchResult file = e.Current;
                string path = paths[file.FileIndex];
                switch (file.Error)
                {
                    case null:
                        results.Add(file.Result!);
                        break;
                    case ExportFormatException ex when verifying && SignatureErrors.Contains(ex.Error):
                        stderr.WriteLine($"{CocoaCli.ErrorPrefix}{path}: signature does not verify ({CliInput.Sentence(ex.Message)})");
                        return CocoaCli.ExitVerificationFailed;
                    case ExportFormatException or IOException or UnauthorizedAccessException:
                        CliInput.RequireFile("--export", path); // a missing or unreadable file is named as such
                        throw CliUsageException.From(path, file.Error);
                    default:
                        ExceptionDispatchInfo.Capture(file.Error).Throw();
                        break;
                }
            }

            return null;
        }
        finally
        {
            e.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static ExportReaderOptions ReaderOptions(string? publicKeyPath)
    {
        var options = new ExportReaderOptions();
        if (publicKeyPath is not null)
        {
            try
            {
                options.TrustedKeys = ExportPublicKeySet.FromPem(CliInput.ReadText("--public-key", publicKeyPath));
            }
            catch (ArgumentException ex)
            {
                throw CliUsageException.From($"--public-key {publicKeyPath}", ex);
            }
        }

        return options;
    }

    private static void WriteJson(TextWriter stdout, MatchResult result, ExposureScoringResult scoring)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("keysProcessed", result.KeysProcessed);
            w.WriteStartArray("matchedKeys");
            foreach (KeyMatch match in result.Matches)
            {
                w.WriteStartObject();
                w.WriteString("keyData", Convert.ToBase64String(match.Key.Key.ToKeyArray()));
                w.WriteNumber("rollingStartIntervalNumber", match.Key.Key.RollingStartIntervalNumber.Value);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("exposureWindows");
            foreach (ExposureWindow window in scoring.ExposureWindows)
            {
                w.WriteStartObject();
                w.WriteString("date", Date(window.Date));
                w.WriteString("reportType", window.ReportType.ToString());
                w.WriteString("infectiousness", window.Infectiousness.ToString());
                w.WriteStartArray("scanInstances");
                foreach (ScanInstance scan in window.ScanInstances)
                {
                    w.WriteStartObject();
                    w.WriteNumber("typicalAttenuationDb", scan.TypicalAttenuationDb);
                    w.WriteNumber("minAttenuationDb", scan.MinAttenuationDb);
                    w.WriteNumber("secondsSinceLastScan", scan.SecondsSinceLastScan);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("dailySummaries");
            foreach (DailySummary summary in scoring.DailySummaries)
            {
                w.WriteStartObject();
                w.WriteString("date", Date(summary.Date));
                w.WriteNumber("scoreSum", summary.ScoreSum);
                w.WriteNumber("maximumScore", summary.MaximumScore);
                w.WriteNumber("weightedDurationSum", summary.WeightedDurationSum);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("risk");
            foreach (DailyRiskResult risk in scoring.Risk)
            {
                w.WriteStartObject();
                w.WriteString("date", Date(risk.Date));
                w.WriteBoolean("high", risk.IsHighRisk);
                w.WriteNumber("scoreSum", risk.ScoreSum);
                w.WriteNumber("secondsSinceLastScanSum", risk.SecondsSinceLastScanSum);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Reads and parses a configuration file given for <paramref name="option"/>; a malformed file is reported against its path.</summary>
    internal static T ReadConfig<T>(string path, string option, Func<string, T> parse)
    {
        try
        {
            return parse(CliInput.ReadText(option, path));
        }
        catch (ConfigurationFormatException ex)
        {
            throw CliUsageException.From(path, ex);
        }
    }

    /// <summary>Parses the sightings CSV; a malformed line is reported with its 1-based line number.</summary>
    internal static List<Sighting> ReadSightings(string path)
    {
        var sightings = new List<Sighting>();
        int lineNumber = 0;
        bool header = false;
        Span<Range> fields = stackalloc Range[5];
        foreach (string raw in CliInput.ReadLines("--sightings", path))
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (!header)
            {
                if (!string.Equals(line.Replace(" ", "", StringComparison.Ordinal), CsvHeader, StringComparison.OrdinalIgnoreCase))
                {
                    throw CliUsageException.Expected($"{path}: line {lineNumber}", $"the header \"{CsvHeader}\"", line);
                }

                header = true;
                continue;
            }

            // Fields as spans: a sightings file has tens of thousands of lines, parsed before any key can be matched.
            ReadOnlySpan<char> text = line;
            int count = text.Split(fields, ',');
            if (count != 4)
            {
                throw CliUsageException.Expected($"{path}: line {lineNumber}", "4 fields (time,rpi,aem,rssi)", line, $"{line.Count(c => c == ',') + 1} fields");
            }

            ReadOnlySpan<char> timeText = text[fields[0]].Trim(), rpiText = text[fields[1]].Trim(), aemText = text[fields[2]].Trim(), rssiText = text[fields[3]].Trim();
            if (!long.TryParse(timeText, NumberStyles.None, CultureInfo.InvariantCulture, out long time) || time / EnIntervalNumber.SecondsPerInterval > uint.MaxValue)
            {
                throw CliUsageException.Expected($"{path}: line {lineNumber}: time", "non-negative unix seconds", timeText.ToString());
            }

            if (!RollingProximityIdentifier.TryParseHex(rpiText, out RollingProximityIdentifier rpi))
            {
                throw CliUsageException.Expected($"{path}: line {lineNumber}: rpi", "32 hex digits", rpiText.ToString());
            }

            if (!AssociatedEncryptedMetadata.TryParseHex(aemText, out AssociatedEncryptedMetadata aem))
            {
                throw CliUsageException.Expected($"{path}: line {lineNumber}: aem", "8 hex digits", aemText.ToString());
            }

            if (!int.TryParse(rssiText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int rssi) || rssi is < -200 or > 200)
            {
                throw CliUsageException.Expected($"{path}: line {lineNumber}: rssi", "an integer from -200 to 200 (dBm)", rssiText.ToString());
            }

            sightings.Add(new Sighting(time, rpi, aem, rssi));
        }

        if (!header)
        {
            throw CliUsageException.Expected($"{path}: line 1", $"the header \"{CsvHeader}\"", null);
        }

        return sightings;
    }

    private static long[] ReadScans(string path)
    {
        var scans = new List<long>();
        int lineNumber = 0;
        foreach (string raw in CliInput.ReadLines("--scans", path))
        {
            lineNumber++;
            string line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (!long.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out long time))
            {
                throw CliUsageException.Expected($"{path}: line {lineNumber}", "non-negative unix seconds", line);
            }

            scans.Add(time);
        }

        return [.. scans];
    }

    /// <summary>Progress lines on stderr, one per million keys matched.</summary>
    private sealed class StderrProgress(TextWriter stderr) : IProgress<MatchProgress>
    {
        private const long Step = 1_000_000;
        private readonly Lock _lock = new();
        private long _nextReport = Step;

        public void Report(MatchProgress value)
        {
            lock (_lock)
            {
                if (value.KeysProcessed >= _nextReport)
                {
                    stderr.WriteLine($"  {value.KeysProcessed} keys");
                    _nextReport = (value.KeysProcessed / Step * Step) + Step;
                }
            }
        }
    }
}
