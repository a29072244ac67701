using System.Text;
using Cocoa.Sdk.Risk;
using Cocoa.TestInfrastructure;
using Xunit;

namespace Cocoa.Sdk.Tests.Risk;

/// <summary>Inputs that once crashed the configuration parsers under afl++ (docs/security.md): now one typed error.</summary>
public sealed class ConfigurationFuzzFindingsTests
{
    public static TheoryData<string> AflFindings => new() { "afl-invalid-utf8-1.json", "afl-invalid-utf8-2.json", "afl-invalid-utf8-3.json" };

    [Theory]
    [MemberData(nameof(AflFindings))]
    public void Files_found_by_the_fuzzer_are_format_errors(string name)
    {
        byte[] bytes = File.ReadAllBytes(TestDataFile.Path("fuzz-findings/config/" + name));
        Assert.Throws<ConfigurationFormatException>(() => CocoaExposureConfiguration.Parse(bytes));
        Assert.Throws<ConfigurationFormatException>(() => CocoaRiskCalculationConfiguration.Parse(bytes));
    }

    [Theory]
    [InlineData("{\"google_diagnosis_keys_data_mapping_config\":{\"infectiousness_for_days_since_onset_of_symptoms\":{\"\\ud800\":1}}}")]
    [InlineData("{\"google_daily_summaries_config\":{\"infectiousness_weights\":{\"\\udfff\":1.0}}}")]
    [InlineData("{\"google_daily_summaries_config\":{\"report_type_weights\":{\"Self\\ud800Report\":1.0}}}")]
    public void Escaped_lone_surrogates_in_names_are_format_errors(string json)
    {
        Assert.Throws<ConfigurationFormatException>(() => CocoaExposureConfiguration.Parse(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Escaped_lone_surrogates_in_values_are_format_errors()
    {
        string json = "{\"format_version\":1,\"DailySummary_DaySummary_ScoreSum\":{\"op\":\"\\ud800\",\"value\":1}}";
        Assert.Throws<ConfigurationFormatException>(() => CocoaRiskCalculationConfiguration.Parse(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Invalid_utf8_anywhere_is_a_format_error()
    {
        byte[] bytes = [.. "{\"format_version\":1,\"x\":\""u8, 0xC3, 0x28, .. "\"}"u8];
        var ex = Assert.Throws<ConfigurationFormatException>(() => CocoaRiskCalculationConfiguration.Parse(bytes));
        Assert.Contains("UTF-8", ex.Message, StringComparison.Ordinal);
    }
}
