using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Matching;
using Cocoa.Sdk.Risk;
using Xunit;
using static Cocoa.Sdk.Tests.Risk.RiskTestData;

namespace Cocoa.Sdk.Tests.Risk;

public sealed class ScoringTests
{
    private static readonly DailySummariesConfig Production = DailySummariesConfig.CocoaProduction;
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(Day0 + (3 * 86400));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(46, 0)]
    [InlineData(47, 1)]
    [InlineData(60, 1)]
    [InlineData(61, 2)]
    [InlineData(65, 2)]
    [InlineData(66, 3)]
    [InlineData(255, 3)]
    public void Attenuation_buckets_include_their_upper_threshold(int attenuation, int bucket) =>
        Assert.Equal(bucket, Production.GetAttenuationBucket(attenuation));

    [Fact]
    public void Window_score_is_weighted_duration_times_report_type_and_infectiousness_weights()
    {
        var window = new ExposureWindow(new DateOnly(2020, 4, 2), Day0, ReportType.SelfReport, Infectiousness.Standard, CalibrationConfidence.Low,
            [new ScanInstance(46, 40, 300), new ScanInstance(50, 48, 60), new ScanInstance(66, 66, 120), new ScanInstance(61, 60, 180)]);
        var config = new DailySummariesConfig([46, 60, 65], [1.0, 2.5, 1.3, 0.01],
            new Dictionary<Infectiousness, double> { [Infectiousness.Standard] = 0.5, [Infectiousness.High] = 2.0 },
            new Dictionary<ReportType, double> { [ReportType.SelfReport] = 2.0 });

        // 300·1.0 + 60·2.5 + 120·0.01 + 180·1.3 = 300 + 150 + 1.2 + 234 = 685.2
        Assert.Equal(685.2, config.GetWeightedDuration(window), 9);
        Assert.Equal(685.2 * 2.0 * 0.5, config.GetWindowScore(window), 9);
    }

    [Fact]
    public void Daily_summaries_sum_and_max_per_utc_day_and_drop_windows_below_the_minimum()
    {
        ExposureWindow W(long start, int seconds, int attenuation = 40, ReportType type = ReportType.ConfirmedTest) =>
            new(DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(start).UtcDateTime), start, type, Infectiousness.High, CalibrationConfidence.Low,
                [new ScanInstance(attenuation, attenuation, seconds)]);
        var config = new DailySummariesConfig([46, 60, 65], [1.0, 2.5, 1.3, 0.01],
            new Dictionary<Infectiousness, double> { [Infectiousness.High] = 1.0 },
            new Dictionary<ReportType, double> { [ReportType.ConfirmedTest] = 1.0, [ReportType.SelfReport] = 0.5 },
            minimumWindowScore: 100);

        IReadOnlyList<DailySummary> summaries = DailySummaryCalculator.Calculate(
            [W(Day0 + 100, 300), W(Day0 + 86399, 120, 50), W(Day0 + 86400, 120), W(Day0 + 200, 300, 40, ReportType.SelfReport), W(Day0 + 300, 60)],
            config,
            Now);

        Assert.Equal(2, summaries.Count);
        // Day 0: 300 (score 300), 120 s near (score 300), self-report 300·0.5 = 150; the 60 s window scores 60 < 100: dropped.
        Assert.Equal(new DateOnly(2020, 4, 2), summaries[0].Date);
        Assert.Equal(new ExposureSummaryData(300, 750, 300 + 300 + 300), summaries[0].DaySummary);
        Assert.Equal(new ExposureSummaryData(150, 150, 300), summaries[0].ReportTypeSummaries[ReportType.SelfReport]);
        // Day 1 (the window starting at 00:00:00): 120 s immediate.
        Assert.Equal(new DateOnly(2020, 4, 3), summaries[1].Date);
        Assert.Equal(new ExposureSummaryData(120, 120, 120), summaries[1].DaySummary);
    }

    [Fact]
    public void Days_since_exposure_threshold_drops_older_windows()
    {
        var config = new DailySummariesConfig([46, 60, 65], [1, 1, 1, 1],
            new Dictionary<Infectiousness, double> { [Infectiousness.High] = 1 },
            new Dictionary<ReportType, double> { [ReportType.ConfirmedTest] = 1 }, 0, daysSinceExposureThreshold: 2);
        ExposureWindow W(int day) => new(new DateOnly(2020, 4, 2).AddDays(day), Day0 + (day * 86400), ReportType.ConfirmedTest, Infectiousness.High, CalibrationConfidence.Low, [new ScanInstance(40, 40, 60)]);

        // Now is day 3: day 0 is 3 days old (> 2) and dropped; day 1 is 2 days old and kept.
        Assert.Equal([new DateOnly(2020, 4, 3), new DateOnly(2020, 4, 5)], DailySummaryCalculator.Calculate([W(0), W(1), W(3)], config, Now).Select(s => s.Date));
    }

    [Theory]
    [InlineData(1350.0, 900, true)]
    [InlineData(1349.99, 900, false)]
    [InlineData(1350.0, 840, false)]
    [InlineData(5000.0, 1200, true)]
    public void Cocoa_rule_needs_score_sum_1350_and_900_seconds(double scoreSum, int seconds, bool high)
    {
        var date = new DateOnly(2020, 4, 4);
        var summary = new DailySummary(date, new ExposureSummaryData(scoreSum, scoreSum, scoreSum), new Dictionary<ReportType, ExposureSummaryData>());
        ScanInstance[] scans = [.. Enumerable.Repeat(new ScanInstance(50, 45, 60), seconds / 60)];
        var window = new ExposureWindow(date, Day0, ReportType.ConfirmedTest, Infectiousness.High, CalibrationConfidence.Low, scans);

        DailyRiskResult result = Assert.Single(CocoaRiskCalculator.Evaluate([summary], [window], CocoaRiskCalculationConfiguration.Production, Now));

        Assert.Equal(high, result.IsHighRisk);
        Assert.Equal(seconds, result.SecondsSinceLastScanSum);
        Assert.Equal(scoreSum / seconds, result.WeightedDurationAverage, 9);
        Assert.Equal(50, result.TypicalAttenuationDbMax);
    }

    [Fact]
    public void All_nop_conditions_never_give_high_risk_and_old_days_are_not_evaluated()
    {
        var none = new CocoaRiskCalculationConfiguration(RiskThreshold.NotChecked, RiskThreshold.NotChecked, RiskThreshold.NotChecked, RiskThreshold.NotChecked, RiskThreshold.NotChecked);
        var recent = new DailySummary(new DateOnly(2020, 4, 4), new ExposureSummaryData(9999, 9999, 9999), new Dictionary<ReportType, ExposureSummaryData>());
        var old = new DailySummary(new DateOnly(2020, 3, 1), new ExposureSummaryData(9999, 9999, 9999), new Dictionary<ReportType, ExposureSummaryData>());

        Assert.False(Assert.Single(CocoaRiskCalculator.Evaluate([recent, old], [], none, Now)).IsHighRisk);
    }

    [Fact]
    public void One_metre_for_25_minutes_is_high_risk_and_10_minutes_is_not_end_to_end()
    {
        // A phone scanning every 60 s hears a key at 45 dB (immediate bucket, weight 1.0).
        static ExposureScoringResult Score(int minutes, int attenuation)
        {
            long t = Day0 + 36000;
            MatchedSighting[] sightings = [.. Enumerable.Range(0, minutes).Select(i => At(t + (60 * i), attenuation))];
            long[] scans = [.. Enumerable.Range(-1, minutes + 1).Select(i => t + (60L * i))];
            return ExposureScorer.Score([Match(Key(), sightings)], scans, Now);
        }

        // 25 sightings at 60 s: windows of 30 min hold them all: 25 × 60 = 1500 s at weight 1.0 = 1500 ≥ 1350; 1500 ≥ 900.
        ExposureScoringResult long1m = Score(25, 45);
        Assert.True(long1m.IsHighRisk);
        Assert.Equal(1500, Assert.Single(long1m.DailySummaries).ScoreSum, 9);
        // Near bucket (2.5): 10 minutes score 1500 but only 600 s < 900 — the seconds guard added by COCOA.
        ExposureScoringResult short1m = Score(10, 55);
        Assert.Equal(1500, Assert.Single(short1m.DailySummaries).ScoreSum, 9);
        Assert.False(short1m.IsHighRisk);
    }
}
