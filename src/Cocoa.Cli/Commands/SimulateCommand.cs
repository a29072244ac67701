using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Cocoa.Sdk.Risk;
using Cocoa.Sdk.Simulation.Detection;

namespace Cocoa.Cli.Commands;

/// <summary>
/// <c>cocoa simulate --distance &lt;m&gt; --minutes &lt;n&gt; [--config cocoa-v2|cocoa-v1|&lt;exposure_configuration.json&gt;
/// [--risk-config &lt;file&gt;]] [--trials 1000] [--seed 1] [--json]</c> and <c>cocoa simulate sweep --out &lt;dir&gt; ...</c>:
/// how often a contact is detected, from the library's detection simulation (<see cref="DetectionSimulator"/>).
/// </summary>
internal static class SimulateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var distance = new Option<string?>("--distance") { Description = "Distance between the phones in metres (more than 0, at most 100)" };
        var minutes = new Option<string?>("--minutes") { Description = "Contact duration in whole minutes (1..720)" };
        var carry = new Option<string?>("--carry") { Description = "Where both phones are carried: hand (default), pocket or bag" };
        var wall = new Option<string?>("--wall-loss") { Description = "Extra loss in dB of a wall or obstacle between the phones (default 0)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table" };
        SharedOptions shared = SharedOptions.Create();
        var command = new Command("simulate", "Estimate how often a contact is detected, through the SDK's real pipeline on simulated radio traffic")
        {
            distance, minutes, carry, wall, json,
        };
        shared.AddTo(command);
        command.SetAction(parse =>
        {
            SimulationSetup setup = shared.Read(parse);
            var scenario = new ContactScenario(
                ParseDistance(parse.GetValue(distance)),
                TimeSpan.FromMinutes(ParseMinutes(parse.GetValue(minutes))),
                ParseCarry(parse.GetValue(carry)),
                ParseWallLoss(parse.GetValue(wall)));
            var study = new DetectionStudy(scenario, DevicePair.Japan(), [setup.Rule], setup.Trials, setup.Seed);
            DetectionEstimate estimate = new DetectionSimulator(setup.Model).Estimate(study);
            stdout.WriteLine(parse.GetValue(json) ? ToJson(setup.ConfigName, estimate) : ToTable(setup.Description, estimate, setup.Model));
            return CocoaCli.ExitOk;
        });
        command.Subcommands.Add(SimulateSweepCommand.Create(stdout, stderr));
        return command;
    }

    /// <summary>The JSON contract: <c>{"config","distanceMeters","minutes","trials","detectionRate","pairs":[{"a","b","share","detectionRate"}]}</c>.</summary>
    internal static string ToJson(string configName, DetectionEstimate estimate)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("config", configName);
            writer.WritePropertyName("distanceMeters");
            writer.WriteRawValue(FormatDecimal(estimate.Study.Scenario.DistanceMetres));
            writer.WriteNumber("minutes", (int)estimate.Study.Scenario.Duration.TotalMinutes);
            writer.WriteNumber("trials", estimate.Study.TrialsPerPair);
            writer.WriteNumber("detectionRate", Math.Round(estimate.GetRate(0), 4));
            WritePairs(writer, estimate.Pairs);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string ToTable(string configName, DetectionEstimate estimate, DetectionModel model)
    {
        ContactScenario s = estimate.Study.Scenario;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{configName}: {FormatDecimal(s.DistanceMetres)} m for {(int)s.Duration.TotalMinutes} min"
            + $"{(s.Position == CarryingPosition.Hand ? "" : $", phones in {s.Position.ToString().ToLowerInvariant()}")}"
            + $"{(s.WallLossDb > 0 ? $", wall {s.WallLossDb.ToString("0.#", CultureInfo.InvariantCulture)} dB" : "")}"
            + $"{(model.ReceiverSensitivityDbm == DetectionModel.Default.ReceiverSensitivityDbm ? "" : $", sensitivity {model.ReceiverSensitivityDbm} dBm")}"
            + $", {estimate.Study.TrialsPerPair} trials per pair, seed {estimate.Study.Seed}");
        text.AppendLine("pair                   share   detected");
        foreach (PairEstimate pair in estimate.Pairs)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{pair.Pair.Name,-20} {pair.Pair.Share,7:0.000} {pair.GetRate(0) * 100,8:0.0} %");
        }

        text.Append(CultureInfo.InvariantCulture, $"{"all (share-weighted)",-20} {estimate.Pairs.Sum(p => p.Pair.Share),7:0.000} {estimate.GetRate(0) * 100,8:0.0} %");
        return text.ToString();
    }

    /// <summary>Writes <c>"pairs":[{"a","b","share","detectionRate"}, …]</c>, the per-pair rates of both simulate commands.</summary>
    internal static void WritePairs(Utf8JsonWriter writer, IEnumerable<PairEstimate> pairs)
    {
        writer.WriteStartArray("pairs");
        foreach (PairEstimate pair in pairs)
        {
            writer.WriteStartObject();
            writer.WriteString("a", pair.Pair.A.Name);
            writer.WriteString("b", pair.Pair.B.Name);
            writer.WriteNumber("share", Math.Round(pair.Pair.Share, 4));
            writer.WriteNumber("detectionRate", Math.Round(pair.GetRate(0), 4));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    internal static string FormatDecimal(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }

    private static double ParseDistance(string? text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw CliUsageException.Expected("--distance", "a distance in metres", text);
        }

        return value is > 0 and <= ContactScenario.MaximumDistanceMetres ? value : throw CliUsageException.Expected("--distance", "more than 0 and at most 100 metres", text);
    }

    private static int ParseMinutes(string? text) => (int)CliInput.Integer("--minutes", text, 1, 720);

    private static CarryingPosition ParseCarry(string? text) => text switch
    {
        null or "hand" => CarryingPosition.Hand,
        "pocket" => CarryingPosition.Pocket,
        "bag" => CarryingPosition.Bag,
        _ => throw CliUsageException.Expected("--carry", "hand, pocket or bag", text),
    };

    private static double ParseWallLoss(string? text)
    {
        if (text is null)
        {
            return 0;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value is >= 0 and <= 100
            ? value
            : throw CliUsageException.Expected("--wall-loss", "a loss from 0 to 100 dB", text);
    }
}

/// <summary>What <c>simulate</c> and <c>simulate sweep</c> share: the rule (from <c>--config</c> and <c>--risk-config</c>), trials and seed.</summary>
internal sealed record SimulationSetup(string ConfigName, string? RiskConfigPath, DetectionRule Rule, int Trials, ulong Seed, DetectionModel Model)
{
    /// <summary>Gets the rule as people read it: the configuration, plus the risk configuration when one was given.</summary>
    public string Description => RiskConfigPath is null ? ConfigName : $"{ConfigName} with {RiskConfigPath}";
}

/// <summary>The options <c>simulate</c> and <c>simulate sweep</c> share.</summary>
internal sealed class SharedOptions
{
    private Option<string?> _config = null!;
    private Option<string?> _riskConfig = null!;
    private Option<string?> _trials = null!;
    private Option<string?> _seed = null!;
    private Option<string?> _sensitivity = null!;

    public static SharedOptions Create() => new()
    {
        _config = new Option<string?>("--config") { Description = "cocoa-v2 (default), cocoa-v1, or a COCOA exposure_configuration.json" },
        _riskConfig = new Option<string?>("--risk-config") { Description = "A risk_calculation_configuration.json for an EN v2 --config (default: ScoreSum >= 1350 and >= 900 s)" },
        _trials = new Option<string?>("--trials") { Description = "Trials per device pair (default 1000)" },
        _seed = new Option<string?>("--seed") { Description = "Random seed; the same seed gives the same figures (default 1)" },
        _sensitivity = new Option<string?>("--sensitivity") { Description = "Receiver sensitivity in dBm, -127..-50; weaker packets are not heard (default -127: all the API can report)" },
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_config);
        command.Options.Add(_riskConfig);
        command.Options.Add(_trials);
        command.Options.Add(_seed);
        command.Options.Add(_sensitivity);
    }

    public SimulationSetup Read(ParseResult parse)
    {
        string config = parse.GetValue(_config) ?? "cocoa-v2";
        string? riskPath = parse.GetValue(_riskConfig);
        int trials = parse.GetValue(_trials) is { } t ? (int)CliInput.Integer("--trials", t, 1, DetectionStudy.MaximumTrialsPerPair / 10) : 1000;
        ulong seed = parse.GetValue(_seed) is { } s ? (ulong)CliInput.Integer("--seed", s, 0, long.MaxValue) : 1;
        DetectionModel model = DetectionModel.Default;
        if (parse.GetValue(_sensitivity) is { } sensitivity)
        {
            model = model with { ReceiverSensitivityDbm = (int)CliInput.Integer("--sensitivity", sensitivity, -127, -50) };
        }

        if (config == "cocoa-v1" && riskPath is not null)
        {
            throw new CliUsageException("--risk-config", "applies to an EN v2 --config only, and cocoa-v1 is EN v1");
        }

        CocoaRiskCalculationConfiguration? risk = riskPath is null ? null : MatchCommand.ReadConfig(riskPath, "--risk-config", CocoaRiskCalculationConfiguration.Parse);
        DetectionRule rule = config switch
        {
            "cocoa-v1" => DetectionRule.CocoaV1,
            "cocoa-v2" => risk is null ? DetectionRule.CocoaV2 : DetectionRule.V2(config, CocoaExposureConfiguration.Production, risk),
            _ when !File.Exists(config) => throw CliUsageException.Expected("--config", "cocoa-v2, cocoa-v1 or an exposure_configuration.json file", config),
            _ => DetectionRule.V2(config, MatchCommand.ReadConfig(config, "--config", CocoaExposureConfiguration.Parse), risk ?? CocoaRiskCalculationConfiguration.Production),
        };
        return new SimulationSetup(config, riskPath, rule, trials, seed, model);
    }
}
