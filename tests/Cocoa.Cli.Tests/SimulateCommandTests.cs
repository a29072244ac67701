using System.Buffers.Binary;
using System.Text.Json;
using FsCheck.Xunit;
using Xunit;

namespace Cocoa.Cli.Tests;

public sealed class SimulateCommandTests
{
    [Fact]
    public void Json_output_has_exactly_the_contracted_shape()
    {
        CliResult result = CliRunner.Run("simulate", "--distance", "1", "--minutes", "15", "--trials", "200", "--seed", "3", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Single(result.StdoutLines);
        Assert.Contains("\"distanceMeters\":1.0,", result.Stdout, StringComparison.Ordinal);
        using JsonDocument doc = JsonDocument.Parse(result.Stdout);
        JsonElement root = doc.RootElement;
        Assert.Equal(["config", "distanceMeters", "minutes", "trials", "detectionRate", "pairs"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("cocoa-v2", root.GetProperty("config").GetString());
        Assert.Equal(1.0, root.GetProperty("distanceMeters").GetDouble());
        Assert.Equal(15, root.GetProperty("minutes").GetInt32());
        Assert.Equal(200, root.GetProperty("trials").GetInt32());
        JsonElement[] pairs = [.. root.GetProperty("pairs").EnumerateArray()];
        Assert.Equal([("iPhone", "iPhone"), ("iPhone", "Android"), ("Android", "Android")], pairs.Select(p => (p.GetProperty("a").GetString(), p.GetProperty("b").GetString())));
        double weighted = 0;
        foreach (JsonElement pair in pairs)
        {
            Assert.Equal(["a", "b", "share", "detectionRate"], pair.EnumerateObject().Select(p => p.Name));
            double rate = pair.GetProperty("detectionRate").GetDouble();
            Assert.InRange(rate, 0, 1);
            Assert.Equal(0, (rate * 200) - Math.Round(rate * 200), 6); // a count of 200 trials
            weighted += pair.GetProperty("share").GetDouble() * rate;
        }

        Assert.Equal(1.0, pairs.Sum(p => p.GetProperty("share").GetDouble()), 3);
        Assert.Equal(weighted, root.GetProperty("detectionRate").GetDouble(), 3);
    }

    [Fact]
    public void The_same_seed_prints_the_same_figures()
    {
        string[] args = ["simulate", "--distance", "1.5", "--minutes", "20", "--trials", "150", "--seed", "9", "--json"];
        Assert.Equal(CliRunner.Run(args).Stdout, CliRunner.Run(args).Stdout);
    }

    [Fact]
    public void Every_configuration_form_runs_and_the_text_output_is_a_table()
    {
        string dir = Directory.CreateTempSubdirectory("cocoa-sim-").FullName;
        try
        {
            string config = Path.Combine(dir, "exposure_configuration.json");
            File.WriteAllText(config, """{"google_daily_summaries_config":{"attenuation_bucket_threshold_db":[50,60,70],"attenuation_bucket_weights":[1.0,1.0,0.5,0.0]}}""");
            string risk = Path.Combine(dir, "risk.json");
            File.WriteAllText(risk, """
                {"format_version":1,"DailySummary_DaySummary_ScoreSum":{"op":">=","value":600.0},"DailySummary_DaySummary_WeightedDurationAverage":{"op":"NOP","value":0.0},
                 "ExposureWindow_ScanInstance_SecondsSinceLastScanSum":{"op":"NOP","value":0.0},"ExposureWindow_ScanInstance_TypicalAttenuationDb_Max":{"op":"NOP","value":0.0},
                 "ExposureWindow_ScanInstance_TypicalAttenuationDb_Min":{"op":"NOP","value":0.0}}
                """);

            CliResult v1 = CliRunner.Run("simulate", "--distance", "1", "--minutes", "30", "--config", "cocoa-v1", "--trials", "50", "--json");
            Assert.Equal(0, v1.ExitCode);
            Assert.Equal("cocoa-v1", JsonDocument.Parse(v1.Stdout).RootElement.GetProperty("config").GetString());

            CliResult custom = CliRunner.Run("simulate", "--distance", "1", "--minutes", "15", "--config", config, "--risk-config", risk, "--trials", "100");
            Assert.Equal(0, custom.ExitCode);
            Assert.Contains("iPhone–Android", custom.Stdout, StringComparison.Ordinal);
            Assert.Contains("all (share-weighted)", custom.Stdout, StringComparison.Ordinal);
            Assert.StartsWith(config, custom.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("cocoa: --distance: expected a distance in metres, got \"abc\"", "--distance", "abc", "--minutes", "15")]
    [InlineData("cocoa: --distance: expected a distance in metres, got nothing", "--minutes", "15")]
    [InlineData("cocoa: --distance: expected more than 0 and at most 100 metres, got \"0\"", "--distance", "0", "--minutes", "15")]
    [InlineData("cocoa: --minutes: expected an integer, got \"1.5\" (allowed: 1 to 720)", "--distance", "1", "--minutes", "1.5")]
    [InlineData("cocoa: --minutes: expected an integer from 1 to 720, got \"721\"", "--distance", "1", "--minutes", "721")]
    [InlineData("cocoa: --minutes: expected an integer from 1 to 720, got nothing", "--distance", "1")]
    [InlineData("cocoa: --trials: expected an integer, got \"many\" (allowed: 1 to 100000)", "--distance", "1", "--minutes", "15", "--trials", "many")]
    [InlineData("cocoa: --trials: expected an integer from 1 to 100000, got \"0\"", "--distance", "1", "--minutes", "15", "--trials", "0")]
    [InlineData("cocoa: --seed: expected an integer from 0 to 9223372036854775807, got \"-1\"", "--distance", "1", "--minutes", "15", "--seed", "-1")]
    [InlineData("cocoa: --config: expected cocoa-v2, cocoa-v1 or an exposure_configuration.json file, got \"cocoa-v3\"", "--distance", "1", "--minutes", "15", "--config", "cocoa-v3")]
    [InlineData("cocoa: --risk-config: applies to an EN v2 --config only, and cocoa-v1 is EN v1", "--distance", "1", "--minutes", "15", "--config", "cocoa-v1", "--risk-config", "SimulateCommandTests.cs")]
    [InlineData("cocoa: --carry: expected hand, pocket or bag, got \"car\"", "--distance", "1", "--minutes", "15", "--carry", "car")]
    [InlineData("cocoa: --wall-loss: expected a loss from 0 to 100 dB, got \"-3\"", "--distance", "1", "--minutes", "15", "--wall-loss", "-3")]
    [InlineData("cocoa: --sensitivity: expected an integer from -127 to -50, got \"-20\"", "--distance", "1", "--minutes", "15", "--sensitivity", "-20")]
    [InlineData("cocoa: --out: expected a directory for the CSV and PNG files, got nothing", "sweep")]
    public void Bad_options_give_one_line_and_exit_2(string message, params string[] args)
    {
        CliResult result = CliRunner.Run(["simulate", .. args]);
        CliAssert.BadInput(result);
        Assert.Equal(message, result.StderrLines[0]);
    }

    [Property(MaxTest = 60)]
    public bool Any_option_values_give_a_result_or_one_line_with_exit_2(string? distance, string? minutes, string? seed)
    {
        // Whatever the text (System.CommandLine rejects an option value that itself looks like an option), a run either
        // succeeds or is bad input: never an internal error, never more than one line.
        List<string> args = ["simulate", "--trials", "1"];
        foreach ((string option, string? value) in new[] { ("--distance", distance), ("--minutes", minutes), ("--seed", seed) })
        {
            if (value is not null)
            {
                args.AddRange([option, value]);
            }
        }

        CliResult result = CliRunner.Run([.. args]);
        return result.ExitCode == 0 ? result.Stderr.Length == 0 : result.ExitCode == 2 && result.Stdout.Length == 0 && result.StderrLines.Length == 1;
    }

    [Fact]
    public void Bad_files_give_one_line_and_exit_2()
    {
        CliResult missing = CliRunner.Run("simulate", "--distance", "1", "--minutes", "15", "--risk-config", "no-such-risk.json");
        CliAssert.BadInput(missing);
        Assert.Equal("cocoa: --risk-config: expected a readable file, got \"no-such-risk.json\" (no such file)", missing.StderrLines[0]);

        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "{ not json");
            CliResult result = CliRunner.Run("simulate", "--distance", "1", "--minutes", "15", "--config", file);
            CliAssert.BadInput(result);
            Assert.StartsWith($"cocoa: {file}: ", result.Stderr, StringComparison.Ordinal);

            CliResult output = CliRunner.Run("simulate", "sweep", "--out", Path.Combine(file, "sub"), "--trials", "1");
            CliAssert.BadInput(output);
            Assert.StartsWith("cocoa: --out: expected a directory that can be created, got ", output.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Sweep_writes_csv_files_and_valid_png_plots_with_progress()
    {
        string dir = Path.Combine(Path.GetTempPath(), "cocoa-sweep-" + Guid.NewGuid().ToString("N"));
        try
        {
            CliResult result = CliRunner.Run("simulate", "sweep", "--out", dir, "--trials", "10", "--seed", "2");

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("simulating: 100 %", result.Stderr, StringComparison.Ordinal);
            Assert.Contains("1 m for 15 min by device pair", result.Stdout, StringComparison.Ordinal);
            Assert.Contains("trade-off", result.Stdout, StringComparison.Ordinal);
            foreach (string png in new[] { "detection-vs-distance.png", "pairs-1m-15min.png", "tradeoff.png" })
            {
                AssertPng(File.ReadAllBytes(Path.Combine(dir, png)), 900, 560);
            }

            string[] distance = File.ReadAllLines(Path.Combine(dir, "detection-vs-distance.csv"));
            Assert.Equal("config,minutes,distance_m,pair,share,trials,detected,detection_rate", distance[0]);
            Assert.Equal(1 + (5 * 19 * 4), distance.Length); // 5 durations x 19 distances x (3 pairs + all)
            Assert.Contains(distance, l => l.StartsWith("cocoa-v2,15,1.00,all,1.0000,30,", StringComparison.Ordinal));
            Assert.StartsWith("config,pair,share,trials,detection_rate,cocoa_published_cocoa_v2", File.ReadAllText(Path.Combine(dir, "pairs-1m-15min.csv")), StringComparison.Ordinal);
            string[] tradeoff = File.ReadAllLines(Path.Combine(dir, "tradeoff.csv"));
            Assert.Equal(["rule,missed_close,notified_not_close", "cocoa-v2", "cocoa-v1", "cut-50"], tradeoff.Take(4).Select(l => l.Split(',')[0] == "rule" ? l : l.Split(',')[0]));
            Assert.Equal(17, File.ReadAllLines(Path.Combine(dir, "scan-cuts.csv")).Length);
            string[] buckets = File.ReadAllLines(Path.Combine(dir, "scan-buckets.csv"));
            Assert.Equal("minutes,distance_m,scan_instances,mean_typical_db,immediate_le_46,near_le_60,medium_le_65,other", buckets[0]);
            Assert.Equal(1 + (5 * 19), buckets.Length);
            Assert.All(buckets.Skip(1), line => Assert.Equal(1.0, line.Split(',')[4..].Sum(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)), 2));
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Fact]
    public void Sweep_json_lists_the_files_and_every_grid_point()
    {
        string dir = Path.Combine(Path.GetTempPath(), "cocoa-sweep-" + Guid.NewGuid().ToString("N"));
        try
        {
            CliResult result = CliRunner.Run("simulate", "sweep", "--out", dir, "--trials", "5", "--config", "cocoa-v1", "--json");
            Assert.Equal(0, result.ExitCode);
            using JsonDocument doc = JsonDocument.Parse(result.Stdout);
            Assert.Equal("cocoa-v1", doc.RootElement.GetProperty("config").GetString());
            Assert.Equal(95, doc.RootElement.GetProperty("points").GetArrayLength());
            Assert.All(doc.RootElement.GetProperty("files").EnumerateArray(), f => Assert.True(File.Exists(Path.Combine(dir, f.GetString()!))));
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    /// <summary>Checks the PNG signature, a well-formed chunk sequence with valid CRCs, the IHDR size, and the IEND end.</summary>
    private static void AssertPng(byte[] png, int width, int height)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        int offset = 8;
        var chunks = new List<string>();
        while (offset < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            string type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            Assert.Equal(Crc32(png.AsSpan(offset + 4, 4 + length)), crc);
            chunks.Add(type);
            if (type == "IHDR")
            {
                Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset + 8)));
                Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset + 12)));
            }

            offset += 12 + length;
        }

        Assert.Equal(png.Length, offset);
        Assert.Equal("IHDR", chunks[0]);
        Assert.Contains("IDAT", chunks);
        Assert.Equal("IEND", chunks[^1]);
    }

    /// <summary>The CRC-32 of PNG chunks (ISO 3309, reflected polynomial 0xEDB88320).</summary>
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
