using System.Text;
using System.Text.Json;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Risk.Internal;

namespace Cocoa.Sdk.Risk;

/// <summary>
/// COCOA's <c>configuration.json</c> (the exposure configuration served from the CDN): v2 scoring for Android
/// (<c>google_daily_summaries_config</c>, <c>google_diagnosis_keys_data_mapping_config</c>) and iOS (<c>apple_exposure_config_v2</c>),
/// plus the legacy v1 sections (<c>google_exposure_config</c>, <c>apple_exposure_config_v1</c>).
/// </summary>
/// <remarks>
/// <para>Any section or field that is absent takes COCOA's production value, so an app moving from COCOA keeps its tuning;
/// unknown properties are ignored; a present value of the wrong type or out of range is a <see cref="ConfigurationFormatException"/>.</para>
/// </remarks>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed class CocoaExposureConfiguration
{
    /// <summary>Creates a configuration from its sections.</summary>
    /// <param name="dailySummariesConfig">Android v2 scoring.</param>
    /// <param name="diagnosisKeysDataMapping">Android v2 key mapping.</param>
    /// <param name="appleExposureConfigurationV2">iOS v2 scoring.</param>
    /// <param name="exposureConfigurationV1">Android v1 risk score.</param>
    /// <param name="appleExposureConfigurationV1">iOS v1 level values.</param>
    /// <exception cref="ArgumentNullException">A section is null.</exception>
    public CocoaExposureConfiguration(
        DailySummariesConfig dailySummariesConfig,
        DiagnosisKeysDataMapping diagnosisKeysDataMapping,
        AppleExposureConfigurationV2 appleExposureConfigurationV2,
        ExposureConfigurationV1 exposureConfigurationV1,
        AppleExposureConfigurationV1 appleExposureConfigurationV1)
    {
        ArgumentNullException.ThrowIfNull(dailySummariesConfig);
        ArgumentNullException.ThrowIfNull(diagnosisKeysDataMapping);
        ArgumentNullException.ThrowIfNull(appleExposureConfigurationV2);
        ArgumentNullException.ThrowIfNull(exposureConfigurationV1);
        DailySummariesConfig = dailySummariesConfig;
        DiagnosisKeysDataMapping = diagnosisKeysDataMapping;
        AppleExposureConfigurationV2 = appleExposureConfigurationV2;
        ExposureConfigurationV1 = exposureConfigurationV1;
        AppleExposureConfigurationV1 = appleExposureConfigurationV1;
    }

    /// <summary>Gets COCOA's production configuration (the published <c>configuration.json</c>, app v2.x).</summary>
    public static CocoaExposureConfiguration Production { get; } = new(
        DailySummariesConfig.CocoaProduction,
        DiagnosisKeysDataMapping.CocoaProduction,
        AppleExposureConfigurationV2.CocoaProduction,
        CreateCocoaLegacyV1(),
        AppleExposureConfigurationV1.CocoaProduction);

    /// <summary>Gets the Android v2 scoring (<c>google_daily_summaries_config</c>).</summary>
    public DailySummariesConfig DailySummariesConfig { get; }

    /// <summary>Gets the Android v2 key mapping (<c>google_diagnosis_keys_data_mapping_config</c>).</summary>
    public DiagnosisKeysDataMapping DiagnosisKeysDataMapping { get; }

    /// <summary>Gets the iOS v2 scoring (<c>apple_exposure_config_v2</c>).</summary>
    public AppleExposureConfigurationV2 AppleExposureConfigurationV2 { get; }

    /// <summary>Gets the Android v1 risk score configuration (<c>google_exposure_config</c>).</summary>
    public ExposureConfigurationV1 ExposureConfigurationV1 { get; }

    /// <summary>Gets the iOS v1 level values (<c>apple_exposure_config_v1</c>).</summary>
    public AppleExposureConfigurationV1 AppleExposureConfigurationV1 { get; }

    /// <summary>Parses the file's UTF-8 bytes.</summary>
    /// <param name="utf8Json">The file content.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="ConfigurationFormatException">The file is not valid JSON or has a bad value.</exception>
    public static CocoaExposureConfiguration Parse(ReadOnlyMemory<byte> utf8Json)
    {
        using JsonDocument doc = ConfigJson.Parse(utf8Json);
        JsonElement root = doc.RootElement;
        ConfigJson.RequireObject(root, "$");
        CocoaExposureConfiguration p = Production;

        DiagnosisKeysDataMapping mapping = ConfigJson.TryGet(root, "google_diagnosis_keys_data_mapping_config", out JsonElement m)
            ? ReadMapping(m, "google_diagnosis_keys_data_mapping_config", p.DiagnosisKeysDataMapping, "report_type_when_missing")
            : p.DiagnosisKeysDataMapping;
        DailySummariesConfig daily = ConfigJson.TryGet(root, "google_daily_summaries_config", out JsonElement d)
            ? ReadDaily(d, "google_daily_summaries_config", p.DailySummariesConfig)
            : p.DailySummariesConfig;
        AppleExposureConfigurationV2 apple2 = ConfigJson.TryGet(root, "apple_exposure_config_v2", out JsonElement a2)
            ? ReadApple2(a2, "apple_exposure_config_v2", p.AppleExposureConfigurationV2)
            : p.AppleExposureConfigurationV2;
        ExposureConfigurationV1 v1 = ConfigJson.TryGet(root, "google_exposure_config", out JsonElement g1)
            ? ReadV1(g1, "google_exposure_config", p.ExposureConfigurationV1)
            : p.ExposureConfigurationV1;
        AppleExposureConfigurationV1 apple1 = ConfigJson.TryGet(root, "apple_exposure_config_v1", out JsonElement a1)
            ? ReadApple1(a1, "apple_exposure_config_v1", p.AppleExposureConfigurationV1)
            : p.AppleExposureConfigurationV1;
        return new CocoaExposureConfiguration(daily, mapping, apple2, v1, apple1);
    }

    /// <summary>Parses the file's text.</summary>
    /// <param name="json">The file content.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="ConfigurationFormatException">The file is malformed.</exception>
    public static CocoaExposureConfiguration Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Reads the configuration from a file.</summary>
    /// <param name="path">Path of <c>configuration.json</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="ConfigurationFormatException">The file is malformed.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static async Task<CocoaExposureConfiguration> LoadAsync(string path, CancellationToken cancellationToken = default) =>
        Parse(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));

    private static ExposureConfigurationV1 CreateCocoaLegacyV1()
    {
        ExposureConfigurationV1 c = ExposureConfigurationV1.Cocoa1;
        return c;
    }

    private static DiagnosisKeysDataMapping ReadMapping(JsonElement e, string path, DiagnosisKeysDataMapping fallback, string reportTypeName)
    {
        ConfigJson.RequireObject(e, path);
        IReadOnlyDictionary<int, Infectiousness> map = ConfigJson.TryGet(e, "infectiousness_for_days_since_onset_of_symptoms", out JsonElement mm)
            ? ConfigJson.GetInfectiousnessMap(mm, path + ".infectiousness_for_days_since_onset_of_symptoms")
            : fallback.InfectiousnessForDaysSinceOnsetOfSymptoms;
        Infectiousness missing = ConfigJson.TryGet(e, "infectiousness_when_days_since_onset_missing", out JsonElement im)
            ? ConfigJson.GetInfectiousness(im, path + ".infectiousness_when_days_since_onset_missing")
            : fallback.InfectiousnessWhenDaysSinceOnsetMissing;
        ReportType reportType = fallback.ReportTypeWhenMissing;
        if (ConfigJson.TryGet(e, reportTypeName, out JsonElement rt))
        {
            int v = ConfigJson.GetInt(rt, path + "." + reportTypeName);
            if (v is < 1 or > 4)
            {
                throw new ConfigurationFormatException($"'{path}.{reportTypeName}' must be 1..4 (ConfirmedTest, ConfirmedClinicalDiagnosis, SelfReport, Recursive).");
            }

            reportType = (ReportType)v;
        }

        return ConfigJson.Wrap(path, () => new DiagnosisKeysDataMapping(map, missing, reportType));
    }

    private static DailySummariesConfig ReadDaily(JsonElement e, string path, DailySummariesConfig f)
    {
        ConfigJson.RequireObject(e, path);
        IReadOnlyList<int> thresholds = ConfigJson.TryGet(e, "attenuation_bucket_threshold_db", out JsonElement t)
            ? ConfigJson.GetIntArray(t, path + ".attenuation_bucket_threshold_db", 3) : f.AttenuationBucketThresholdsDb;
        IReadOnlyList<double> weights = ConfigJson.TryGet(e, "attenuation_bucket_weights", out JsonElement w)
            ? ConfigJson.GetDoubleArray(w, path + ".attenuation_bucket_weights", 4) : f.AttenuationBucketWeights;
        int days = ConfigJson.TryGet(e, "days_since_exposure_threshold", out JsonElement dt)
            ? ConfigJson.GetInt(dt, path + ".days_since_exposure_threshold") : f.DaysSinceExposureThreshold;
        double minimum = ConfigJson.TryGet(e, "minimum_window_score", out JsonElement ms)
            ? ConfigJson.GetDouble(ms, path + ".minimum_window_score") : f.MinimumWindowScore;
        var infectiousness = new Dictionary<Infectiousness, double>(f.InfectiousnessWeights);
        if (ConfigJson.TryGet(e, "infectiousness_weights", out JsonElement iw))
        {
            ConfigJson.RequireObject(iw, path + ".infectiousness_weights");
            infectiousness.Clear();
            foreach (JsonProperty p in iw.EnumerateObject())
            {
                string name = ConfigJson.Name(p, $"{path}.infectiousness_weights");
                Infectiousness key = name switch
                {
                    "Standard" => Infectiousness.Standard,
                    "High" => Infectiousness.High,
                    _ => throw new ConfigurationFormatException($"'{path}.infectiousness_weights' keys are Standard and High; found '{name}'."),
                };
                infectiousness[key] = ConfigJson.GetDouble(p.Value, $"{path}.infectiousness_weights.{name}");
            }
        }

        var reportTypes = new Dictionary<ReportType, double>(f.ReportTypeWeights);
        if (ConfigJson.TryGet(e, "report_type_weights", out JsonElement rw))
        {
            ConfigJson.RequireObject(rw, path + ".report_type_weights");
            reportTypes.Clear();
            foreach (JsonProperty p in rw.EnumerateObject())
            {
                string name = ConfigJson.Name(p, $"{path}.report_type_weights");
                ReportType key = name switch
                {
                    "ConfirmedTest" => ReportType.ConfirmedTest,
                    "ConfirmedClinicalDiagnosis" => ReportType.ConfirmedClinicalDiagnosis,
                    "SelfReport" => ReportType.SelfReport,
                    "Recursive" => ReportType.Recursive,
                    _ => throw new ConfigurationFormatException($"'{path}.report_type_weights' keys are ConfirmedTest, ConfirmedClinicalDiagnosis, SelfReport and Recursive; found '{name}'."),
                };
                reportTypes[key] = ConfigJson.GetDouble(p.Value, $"{path}.report_type_weights.{name}");
            }
        }

        return ConfigJson.Wrap(path, () => new DailySummariesConfig(thresholds, weights, infectiousness, reportTypes, minimum, days));
    }

    private static AppleExposureConfigurationV2 ReadApple2(JsonElement e, string path, AppleExposureConfigurationV2 f)
    {
        ConfigJson.RequireObject(e, path);
        double D(string name, double fallback) => ConfigJson.TryGet(e, name, out JsonElement v) ? ConfigJson.GetDouble(v, path + "." + name) : fallback;
        IReadOnlyList<int> thresholds = ConfigJson.TryGet(e, "attenuation_duration_thresholds", out JsonElement t)
            ? ConfigJson.GetIntArray(t, path + ".attenuation_duration_thresholds", 3) : f.AttenuationDurationThresholds;
        int days = ConfigJson.TryGet(e, "DaysSinceLastExposureThreshold", out JsonElement dt)
            ? ConfigJson.GetInt(dt, path + ".DaysSinceLastExposureThreshold") : f.DaysSinceLastExposureThreshold;
        DiagnosisKeysDataMapping mapping = ReadMapping(e, path, f.Mapping, "report_type_none_map");
        var config = new AppleExposureConfigurationV2(
            thresholds,
            D("immediate_duration_weight", f.ImmediateDurationWeight),
            D("near_duration_weight", f.NearDurationWeight),
            D("medium_duration_weight", f.MediumDurationWeight),
            D("other_duration_weight", f.OtherDurationWeight),
            days,
            mapping,
            D("infectiousness_high_weight", f.InfectiousnessHighWeight),
            D("infectiousness_standard_weight", f.InfectiousnessStandardWeight),
            D("report_type_confirmed_test_weight", f.ReportTypeConfirmedTestWeight),
            D("report_type_confirmed_clinical_diagnosis_weight", f.ReportTypeConfirmedClinicalDiagnosisWeight),
            D("report_type_self_reported_weight", f.ReportTypeSelfReportedWeight),
            D("report_type_recursive_weight", f.ReportTypeRecursiveWeight));
        _ = ConfigJson.Wrap(path, config.ToDailySummariesConfig);
        return config;
    }

    private static ExposureConfigurationV1 ReadV1(JsonElement e, string path, ExposureConfigurationV1 f)
    {
        ConfigJson.RequireObject(e, path);
        IReadOnlyList<int> A(string name, IReadOnlyList<int> fallback, int length) =>
            ConfigJson.TryGet(e, name, out JsonElement v) ? ConfigJson.GetIntArray(v, path + "." + name, length) : fallback;
        int I(string name, int fallback) => ConfigJson.TryGet(e, name, out JsonElement v) ? ConfigJson.GetInt(v, path + "." + name) : fallback;
        return ConfigJson.Wrap(path, () => new ExposureConfigurationV1(
            I("minimum_risk_score", f.MinimumRiskScore),
            A("attenuation_scores", f.AttenuationScores, 8),
            A("days_since_last_exposure_scores", f.DaysSinceLastExposureScores, 8),
            A("duration_scores", f.DurationScores, 8),
            A("transmission_risk_scores", f.TransmissionRiskScores, 8),
            A("duration_at_attenuation_thresholds", f.DurationAtAttenuationThresholds, 2),
            I("attenuation_weight", f.AttenuationWeight),
            I("days_since_last_exposure_weight", f.DaysSinceLastExposureWeight),
            I("duration_weight", f.DurationWeight),
            I("transmission_risk_weight", f.TransmissionRiskWeight)));
    }

    private static AppleExposureConfigurationV1 ReadApple1(JsonElement e, string path, AppleExposureConfigurationV1 f)
    {
        ConfigJson.RequireObject(e, path);
        IReadOnlyList<int> A(string name, IReadOnlyList<int> fallback) =>
            ConfigJson.TryGet(e, name, out JsonElement v) ? ConfigJson.GetIntArray(v, path + "." + name, 8) : fallback;
        int min = ConfigJson.TryGet(e, "minimum_risk_score", out JsonElement m) ? ConfigJson.GetInt(m, path + ".minimum_risk_score") : f.MinimumRiskScore;
        double full = ConfigJson.TryGet(e, "minimum_risk_score_full_range", out JsonElement fr) ? ConfigJson.GetDouble(fr, path + ".minimum_risk_score_full_range") : f.MinimumRiskScoreFullRange;
        if (min is < 0 or > 255)
        {
            throw new ConfigurationFormatException($"'{path}.minimum_risk_score' must be 0..255.");
        }

        var result = new AppleExposureConfigurationV1(
            A("attenuation_level_values", f.AttenuationLevelValues),
            A("days_since_last_exposure_level_values", f.DaysSinceLastExposureLevelValues),
            A("duration_level_values", f.DurationLevelValues),
            A("transmission_risk_level_values", f.TransmissionRiskLevelValues),
            min,
            full);
        _ = ConfigJson.Wrap(path, () => result.ToExposureConfigurationV1());
        return result;
    }
}
