using System.Globalization;
using System.Text;
using System.Text.Json;
using Cocoa.Sdk.Risk.Internal;

namespace Cocoa.Sdk.Risk;

/// <summary>COCOA's <c>risk_calculation_configuration.json</c>: the conditions that make a day high-risk.</summary>
/// <remarks>
/// <para>The file as published by COCOA (format version 1):</para>
/// <code language="json">
/// {
///   "format_version": 1,
///   "DailySummary_DaySummary_ScoreSum": { "op": "&gt;=", "value": 1350.0 },
///   "DailySummary_DaySummary_WeightedDurationAverage": { "op": "NOP", "value": 0.0 },
///   "ExposureWindow_ScanInstance_SecondsSinceLastScanSum": { "op": "&gt;=", "value": 900.0 },
///   "ExposureWindow_ScanInstance_TypicalAttenuationDb_Max": { "op": "NOP", "value": 0.0 },
///   "ExposureWindow_ScanInstance_TypicalAttenuationDb_Min": { "op": "NOP", "value": 0.0 }
/// }
/// </code>
/// <para>All five conditions are required; unknown properties are ignored; an unknown operator is an error.</para>
/// </remarks>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed class CocoaRiskCalculationConfiguration
{
    /// <summary>The only format version defined (1).</summary>
    public const int SupportedFormatVersion = 1;

    private const string ScoreSumName = "DailySummary_DaySummary_ScoreSum";
    private const string WeightedDurationAverageName = "DailySummary_DaySummary_WeightedDurationAverage";
    private const string SecondsSumName = "ExposureWindow_ScanInstance_SecondsSinceLastScanSum";
    private const string AttenuationMaxName = "ExposureWindow_ScanInstance_TypicalAttenuationDb_Max";
    private const string AttenuationMinName = "ExposureWindow_ScanInstance_TypicalAttenuationDb_Min";

    /// <summary>Creates a configuration.</summary>
    /// <param name="dailySummaryDaySummaryScoreSum">Condition on the day's score sum.</param>
    /// <param name="dailySummaryDaySummaryWeightedDurationAverage">Condition on weighted duration sum ÷ seconds sum.</param>
    /// <param name="exposureWindowScanInstanceSecondsSinceLastScanSum">Condition on the day's seconds-since-last-scan sum.</param>
    /// <param name="exposureWindowScanInstanceTypicalAttenuationDbMax">Condition on the largest typical attenuation.</param>
    /// <param name="exposureWindowScanInstanceTypicalAttenuationDbMin">Condition on the smallest typical attenuation.</param>
    public CocoaRiskCalculationConfiguration(
        RiskThreshold dailySummaryDaySummaryScoreSum,
        RiskThreshold dailySummaryDaySummaryWeightedDurationAverage,
        RiskThreshold exposureWindowScanInstanceSecondsSinceLastScanSum,
        RiskThreshold exposureWindowScanInstanceTypicalAttenuationDbMax,
        RiskThreshold exposureWindowScanInstanceTypicalAttenuationDbMin)
    {
        DailySummaryDaySummaryScoreSum = dailySummaryDaySummaryScoreSum;
        DailySummaryDaySummaryWeightedDurationAverage = dailySummaryDaySummaryWeightedDurationAverage;
        ExposureWindowScanInstanceSecondsSinceLastScanSum = exposureWindowScanInstanceSecondsSinceLastScanSum;
        ExposureWindowScanInstanceTypicalAttenuationDbMax = exposureWindowScanInstanceTypicalAttenuationDbMax;
        ExposureWindowScanInstanceTypicalAttenuationDbMin = exposureWindowScanInstanceTypicalAttenuationDbMin;
    }

    /// <summary>Gets COCOA's production configuration: <c>ScoreSum &gt;= 1350</c> and <c>SecondsSinceLastScanSum &gt;= 900</c>.</summary>
    public static CocoaRiskCalculationConfiguration Production { get; } = new(
        new RiskThreshold(RiskThresholdOperator.GreaterOrEqual, 1350.0),
        RiskThreshold.NotChecked,
        new RiskThreshold(RiskThresholdOperator.GreaterOrEqual, 900.0),
        RiskThreshold.NotChecked,
        RiskThreshold.NotChecked);

    /// <summary>Gets the condition on the day's score sum.</summary>
    public RiskThreshold DailySummaryDaySummaryScoreSum { get; }

    /// <summary>Gets the condition on the day's weighted duration average.</summary>
    public RiskThreshold DailySummaryDaySummaryWeightedDurationAverage { get; }

    /// <summary>Gets the condition on the day's seconds-since-last-scan sum.</summary>
    public RiskThreshold ExposureWindowScanInstanceSecondsSinceLastScanSum { get; }

    /// <summary>Gets the condition on the largest typical attenuation of the day.</summary>
    public RiskThreshold ExposureWindowScanInstanceTypicalAttenuationDbMax { get; }

    /// <summary>Gets the condition on the smallest typical attenuation of the day.</summary>
    public RiskThreshold ExposureWindowScanInstanceTypicalAttenuationDbMin { get; }

    /// <summary>Gets whether at least one condition is checked; with none, no day is high-risk.</summary>
    public bool AnyConditionChecked =>
        DailySummaryDaySummaryScoreSum.IsChecked || DailySummaryDaySummaryWeightedDurationAverage.IsChecked
        || ExposureWindowScanInstanceSecondsSinceLastScanSum.IsChecked || ExposureWindowScanInstanceTypicalAttenuationDbMax.IsChecked
        || ExposureWindowScanInstanceTypicalAttenuationDbMin.IsChecked;

    /// <summary>Parses the file's UTF-8 bytes.</summary>
    /// <param name="utf8Json">The file content.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="ConfigurationFormatException">The file is not valid JSON, lacks a condition, or has a bad value.</exception>
    public static CocoaRiskCalculationConfiguration Parse(ReadOnlyMemory<byte> utf8Json)
    {
        using JsonDocument doc = ConfigJson.Parse(utf8Json);
        JsonElement root = doc.RootElement;
        ConfigJson.RequireObject(root, "$");
        if (ConfigJson.TryGet(root, "format_version", out JsonElement version))
        {
            int v = ConfigJson.GetInt(version, "format_version");
            if (v != SupportedFormatVersion)
            {
                throw new ConfigurationFormatException($"Unsupported format_version {v}; only {SupportedFormatVersion} is defined.");
            }
        }

        return new CocoaRiskCalculationConfiguration(
            ReadThreshold(root, ScoreSumName),
            ReadThreshold(root, WeightedDurationAverageName),
            ReadThreshold(root, SecondsSumName),
            ReadThreshold(root, AttenuationMaxName),
            ReadThreshold(root, AttenuationMinName));
    }

    /// <summary>Parses the file's text.</summary>
    /// <param name="json">The file content.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="ConfigurationFormatException">The file is malformed.</exception>
    public static CocoaRiskCalculationConfiguration Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Reads the configuration from a file.</summary>
    /// <param name="path">Path of <c>risk_calculation_configuration.json</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="ConfigurationFormatException">The file is malformed.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static async Task<CocoaRiskCalculationConfiguration> LoadAsync(string path, CancellationToken cancellationToken = default) =>
        Parse(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));

    /// <summary>Writes the configuration in the published format.</summary>
    /// <returns>Indented JSON.</returns>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("format_version", SupportedFormatVersion);
            Write(writer, ScoreSumName, DailySummaryDaySummaryScoreSum);
            Write(writer, WeightedDurationAverageName, DailySummaryDaySummaryWeightedDurationAverage);
            Write(writer, SecondsSumName, ExposureWindowScanInstanceSecondsSinceLastScanSum);
            Write(writer, AttenuationMaxName, ExposureWindowScanInstanceTypicalAttenuationDbMax);
            Write(writer, AttenuationMinName, ExposureWindowScanInstanceTypicalAttenuationDbMin);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, string name, RiskThreshold threshold)
    {
        writer.WriteStartObject(name);
        writer.WriteString("op", threshold.OperatorText);
        writer.WriteNumber("value", threshold.Value);
        writer.WriteEndObject();
    }

    private static RiskThreshold ReadThreshold(JsonElement root, string name)
    {
        if (!ConfigJson.TryGet(root, name, out JsonElement e))
        {
            throw new ConfigurationFormatException($"'{name}' is missing.");
        }

        ConfigJson.RequireObject(e, name);
        if (!ConfigJson.TryGet(e, "op", out JsonElement opElement))
        {
            throw new ConfigurationFormatException($"'{name}.op' is missing.");
        }

        string opText = ConfigJson.GetString(opElement, name + ".op");
        if (!RiskThreshold.TryParseOperator(opText, out RiskThresholdOperator op))
        {
            throw new ConfigurationFormatException(string.Create(CultureInfo.InvariantCulture, $"'{name}.op' must be one of NOP, =, >=, >, <=, <; found \"{opText}\"."));
        }

        double value = 0;
        if (ConfigJson.TryGet(e, "value", out JsonElement valueElement))
        {
            value = ConfigJson.GetDouble(valueElement, name + ".value");
        }
        else if (op != RiskThresholdOperator.None)
        {
            throw new ConfigurationFormatException($"'{name}.value' is missing.");
        }

        return new RiskThreshold(op, value);
    }
}
