using System.Text;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Risk;
using Cocoa.TestInfrastructure;
using FsCheck.Xunit;
using Xunit;

namespace Cocoa.Sdk.Tests.Risk;

public sealed class ConfigurationParsingTests
{
    private static string Published(string name) => File.ReadAllText(TestDataFile.Path("cocoa/" + name));

    [Fact]
    public void Published_configuration_json_equals_the_built_in_production_defaults()
    {
        CocoaExposureConfiguration parsed = CocoaExposureConfiguration.Parse(Published("configuration.json"));
        CocoaExposureConfiguration production = CocoaExposureConfiguration.Production;

        Assert.Equal([46, 60, 65], parsed.DailySummariesConfig.AttenuationBucketThresholdsDb);
        Assert.Equal([1.0, 2.5, 1.3, 0.01], parsed.DailySummariesConfig.AttenuationBucketWeights);
        Assert.Equal(production.DailySummariesConfig.ReportTypeWeights.OrderBy(p => p.Key), parsed.DailySummariesConfig.ReportTypeWeights.OrderBy(p => p.Key));
        Assert.Equal(production.DailySummariesConfig.InfectiousnessWeights.OrderBy(p => p.Key), parsed.DailySummariesConfig.InfectiousnessWeights.OrderBy(p => p.Key));
        Assert.Equal(production.DiagnosisKeysDataMapping.InfectiousnessForDaysSinceOnsetOfSymptoms.OrderBy(p => p.Key), parsed.DiagnosisKeysDataMapping.InfectiousnessForDaysSinceOnsetOfSymptoms.OrderBy(p => p.Key));
        Assert.Equal(Infectiousness.High, parsed.DiagnosisKeysDataMapping.GetInfectiousness(-3));
        Assert.Equal(Infectiousness.None, parsed.DiagnosisKeysDataMapping.GetInfectiousness(-4));
        Assert.Equal(Infectiousness.High, parsed.DiagnosisKeysDataMapping.GetInfectiousness(null));
        Assert.Equal(ReportType.ConfirmedTest, parsed.DiagnosisKeysDataMapping.ReportTypeWhenMissing);
        Assert.Equal(250.0, parsed.AppleExposureConfigurationV2.NearDurationWeight);
        DailySummariesConfig apple = parsed.AppleExposureConfigurationV2.ToDailySummariesConfig();
        Assert.Equal([1.0, 2.5, 1.3, 0.01], apple.AttenuationBucketWeights);
        Assert.Equal(21, parsed.ExposureConfigurationV1.MinimumRiskScore);
        Assert.Equal([7, 7, 7, 7, 7, 7, 7, 7], parsed.ExposureConfigurationV1.TransmissionRiskScores);
        Assert.Equal([0, 0, 7, 7, 7, 7, 7, 7], parsed.AppleExposureConfigurationV1.TransmissionRiskLevelValues);
    }

    [Fact]
    public void Published_risk_calculation_configuration_equals_production_and_round_trips()
    {
        CocoaRiskCalculationConfiguration parsed = CocoaRiskCalculationConfiguration.Parse(Published("risk_calculation_configuration.json"));

        Assert.Equal(new RiskThreshold(RiskThresholdOperator.GreaterOrEqual, 1350), parsed.DailySummaryDaySummaryScoreSum);
        Assert.Equal(new RiskThreshold(RiskThresholdOperator.GreaterOrEqual, 900), parsed.ExposureWindowScanInstanceSecondsSinceLastScanSum);
        Assert.False(parsed.DailySummaryDaySummaryWeightedDurationAverage.IsChecked);
        Assert.Equal(CocoaRiskCalculationConfiguration.Production.ToJson(), parsed.ToJson());
        Assert.Equal(parsed.ToJson(), CocoaRiskCalculationConfiguration.Parse(parsed.ToJson()).ToJson());
    }

    [Fact]
    public void Absent_sections_and_fields_take_production_values()
    {
        CocoaExposureConfiguration parsed = CocoaExposureConfiguration.Parse("""{ "google_daily_summaries_config": { "attenuation_bucket_weights": [1.0, 2.0, 1.0, 0.0] } }""");

        Assert.Equal([46, 60, 65], parsed.DailySummariesConfig.AttenuationBucketThresholdsDb);
        Assert.Equal([1.0, 2.0, 1.0, 0.0], parsed.DailySummariesConfig.AttenuationBucketWeights);
        Assert.Same(DiagnosisKeysDataMapping.CocoaProduction, parsed.DiagnosisKeysDataMapping);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{")]
    [InlineData("""{ "google_daily_summaries_config": { "attenuation_bucket_threshold_db": [60, 46, 65] } }""")]
    [InlineData("""{ "google_daily_summaries_config": { "attenuation_bucket_threshold_db": [46, 60] } }""")]
    [InlineData("""{ "google_daily_summaries_config": { "attenuation_bucket_weights": [1.0, 2.6, 1.3, 0.01] } }""")]
    [InlineData("""{ "google_daily_summaries_config": { "report_type_weights": { "Revoked": 1.0 } } }""")]
    [InlineData("""{ "google_diagnosis_keys_data_mapping_config": { "infectiousness_for_days_since_onset_of_symptoms": { "15": 1 } } }""")]
    [InlineData("""{ "google_diagnosis_keys_data_mapping_config": { "infectiousness_for_days_since_onset_of_symptoms": { "1": 3 } } }""")]
    [InlineData("""{ "google_diagnosis_keys_data_mapping_config": { "report_type_when_missing": 0 } }""")]
    [InlineData("""{ "google_exposure_config": { "attenuation_scores": [1, 2, 3] } }""")]
    [InlineData("""{ "google_exposure_config": { "minimum_risk_score": "21" } }""")]
    [InlineData("""{ "apple_exposure_config_v2": { "near_duration_weight": 300.0 } }""")]
    public void Malformed_configuration_json_is_a_configuration_format_error(string json) =>
        Assert.Throws<ConfigurationFormatException>(() => CocoaExposureConfiguration.Parse(json));

    [Theory]
    [InlineData("{}")]
    [InlineData("""{ "format_version": 2, "DailySummary_DaySummary_ScoreSum": { "op": ">=", "value": 1 } }""")]
    [InlineData("""{ "DailySummary_DaySummary_ScoreSum": { "op": "=>", "value": 1350.0 }, "DailySummary_DaySummary_WeightedDurationAverage": { "op": "NOP", "value": 0.0 }, "ExposureWindow_ScanInstance_SecondsSinceLastScanSum": { "op": ">=", "value": 900.0 }, "ExposureWindow_ScanInstance_TypicalAttenuationDb_Max": { "op": "NOP", "value": 0.0 }, "ExposureWindow_ScanInstance_TypicalAttenuationDb_Min": { "op": "NOP", "value": 0.0 } }""")]
    [InlineData("""{ "DailySummary_DaySummary_ScoreSum": { "op": ">=", "value": "1350" }, "DailySummary_DaySummary_WeightedDurationAverage": { "op": "NOP", "value": 0.0 }, "ExposureWindow_ScanInstance_SecondsSinceLastScanSum": { "op": ">=", "value": 900.0 }, "ExposureWindow_ScanInstance_TypicalAttenuationDb_Max": { "op": "NOP", "value": 0.0 }, "ExposureWindow_ScanInstance_TypicalAttenuationDb_Min": { "op": "NOP", "value": 0.0 } }""")]
    public void Malformed_risk_configuration_is_a_configuration_format_error(string json) =>
        Assert.Throws<ConfigurationFormatException>(() => CocoaRiskCalculationConfiguration.Parse(json));

    [Property(MaxTest = 300)]
    public void Random_bytes_parse_or_fail_with_a_configuration_format_error(byte[] bytes, int cut)
    {
        // Random garbage, and random truncations/corruptions of the published files.
        byte[] published = Encoding.UTF8.GetBytes(Published(cut % 2 == 0 ? "configuration.json" : "risk_calculation_configuration.json"));
        byte[] mutated = [.. published.Take(Math.Abs(cut % (published.Length + 1))), .. bytes ?? []];
        foreach (byte[] input in new[] { bytes ?? [], mutated })
        {
            try
            {
                _ = CocoaExposureConfiguration.Parse(input);
            }
            catch (ConfigurationFormatException)
            {
            }

            try
            {
                _ = CocoaRiskCalculationConfiguration.Parse(input);
            }
            catch (ConfigurationFormatException)
            {
            }
        }
    }
}
