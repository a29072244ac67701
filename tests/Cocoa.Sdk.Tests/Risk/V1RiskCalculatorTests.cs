using Cocoa.Sdk.Export;
using Cocoa.Sdk.Risk;
using Xunit;
using static Cocoa.Sdk.Tests.Risk.RiskTestData;

namespace Cocoa.Sdk.Tests.Risk;

public sealed class V1RiskCalculatorTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(Day0 + 86400 + 3600);

    [Theory]
    [InlineData(74, 0)]
    [InlineData(73, 1)]
    [InlineData(64, 1)]
    [InlineData(63, 2)]
    [InlineData(52, 2)]
    [InlineData(51, 3)]
    [InlineData(34, 3)]
    [InlineData(33, 4)]
    [InlineData(28, 4)]
    [InlineData(27, 5)]
    [InlineData(16, 5)]
    [InlineData(15, 6)]
    [InlineData(11, 6)]
    [InlineData(10, 7)]
    public void Attenuation_buckets(int attenuation, int bucket) => Assert.Equal(bucket, ExposureConfigurationV1.GetAttenuationBucket(attenuation));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(5, 1)]
    [InlineData(6, 2)]
    [InlineData(15, 3)]
    [InlineData(16, 4)]
    [InlineData(30, 6)]
    [InlineData(31, 7)]
    public void Duration_buckets(int minutes, int bucket) => Assert.Equal(bucket, ExposureConfigurationV1.GetDurationBucket(minutes));

    [Theory]
    [InlineData(300, 5)]
    [InlineData(450, 5)] // remainder 150 s rounds down
    [InlineData(451, 10)] // remainder 151 s rounds up
    [InlineData(1200, 20)]
    public void Duration_rounds_to_five_minutes(long raw, int minutes) => Assert.Equal(minutes, V1RiskCalculator.RoundDurationMinutes(raw));

    [Fact]
    public void Weighted_attenuation_and_cocoa1_minimum_risk_score_21()
    {
        // Sightings at 0 s (10 dB), 600 s (40 dB), 900 s (50 dB): held 150+600 s at 10, 300 s at 40, 150 s at 50.
        // (750·10 + 300·40 + 150·50) / 1200 = 27000 / 1200 = 22.5 → 23. Duration 900 + 300 = 1200 s = 20 min (bucket 4 → 1).
        // Attenuation 23 → bucket 5 → score 6; days 1 → 1; TRL 1 → 7: 6 × 1 × 1 × 7 = 42 ≥ 21.
        ExposureSummaryV1 summary = V1RiskCalculator.Calculate(
            [Match(Key(trl: 1), At(Day0, 10), At(Day0 + 600, 40), At(Day0 + 900, 50))], ExposureConfigurationV1.Cocoa1, Now);

        ExposureInformationV1 exposure = Assert.Single(summary.Exposures);
        Assert.Equal(23, exposure.AttenuationValue);
        Assert.Equal(20, exposure.DurationMinutes);
        Assert.Equal(42, exposure.TotalRiskScore);
        Assert.Equal([18, 3, 0], exposure.AttenuationDurationsMinutes); // 1050 s below 50 dB, 150 s within 50..70, none at 70 or more
        Assert.True(summary.IsHighRisk);
        Assert.Equal(1, summary.DaysSinceLastExposure);
    }

    [Fact]
    public void Fifteen_minutes_or_far_or_missing_transmission_risk_score_zero()
    {
        long t = Day0;
        // 10 min apart + 5 = 15 min: bucket 3 → duration score 0.
        Assert.Equal(0, V1RiskCalculator.Calculate([Match(Key(trl: 1), At(t, 40), At(t + 600, 40))], ExposureConfigurationV1.Cocoa1, Now).MaximumRiskScore);
        // Gap over 10 min splits the exposure: two 5-minute exposures.
        Assert.Equal(2, V1RiskCalculator.Calculate([Match(Key(trl: 1), At(t, 40), At(t + 601, 40))], ExposureConfigurationV1.Cocoa1, Now).Exposures.Count);
        // 70 dB (bucket 1 → 2): 2 × 1 × 1 × 7 = 14 < 21 → 0.
        Assert.Equal(0, V1RiskCalculator.Calculate([Match(Key(trl: 1), At(t, 70), At(t + 900, 70))], ExposureConfigurationV1.Cocoa1, Now).MaximumRiskScore);
        // No TRL (0): factor 1 → 6 < 21 → 0.
        Assert.Equal(0, V1RiskCalculator.Calculate([Match(Key(trl: null), At(t, 20), At(t + 900, 20))], ExposureConfigurationV1.Cocoa1, Now).MaximumRiskScore);
    }
}
