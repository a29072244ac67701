using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Matching;
using Cocoa.Sdk.Risk;
using Xunit;
using static Cocoa.Sdk.Tests.Risk.RiskTestData;

namespace Cocoa.Sdk.Tests.Risk;

public sealed class ExposureWindowBuilderTests
{
    private static readonly DiagnosisKeysDataMapping Mapping = DiagnosisKeysDataMapping.CocoaProduction;

    [Theory]
    [InlineData(1000, null, 120)] // no previous scan known: 2 minutes
    [InlineData(125, 59L, 120)] // minute 2 - minute 0
    [InlineData(119, 60L, 0)] // same minute
    [InlineData(1000, 0L, 300)] // 16 minutes, capped at 5
    [InlineData(359, 60L, 240)] // minute 5 - minute 1
    [InlineData(360, 60L, 300)] // minute 6 - minute 1 = 5
    public void Seconds_since_last_scan_counts_whole_minutes_capped_at_300(long time, long? previous, int expected) =>
        Assert.Equal(expected, ExposureWindowBuilder.ComputeSecondsSinceLastScan(time, previous));

    [Fact]
    public void Scan_instances_group_sightings_up_to_25_5_seconds_apart_and_round_the_mean_half_up()
    {
        long t = Day0 + 3600;
        KeyMatch match = Match(Key(), At(t, 40), At(t + 25, 41), At(t + 51, 50), At(t + 77, 52), At(t + 200, 60));

        ExposureWindow window = Assert.Single(ExposureWindowBuilder.Build([match], [t - 300, t, t + 51, t + 200], Mapping));

        // t, t+25 → one scan (mean 40.5 → 41); t+51 is 26 s after t+25 → new scan; t+77 is 26 s after → new; t+200 → new.
        Assert.Equal(
            [new ScanInstance(41, 40, 300), new ScanInstance(50, 50, 0), new ScanInstance(52, 52, 60), new ScanInstance(60, 60, 180)],
            window.ScanInstances);
    }

    [Fact]
    public void Previous_scan_ignores_scan_times_within_25_5_seconds_before_the_instance()
    {
        long t = Day0 + 3600; // minute 60 exactly
        KeyMatch match = Match(Key(), At(t + 10, 40));

        ExposureWindow window = Assert.Single(ExposureWindowBuilder.Build([match], [t - 130, t - 20, t + 10], Mapping));

        // t-20 is 30 s before t+10: it counts; minute(t+10)=60, minute(t-20)=59 → 60 s.
        Assert.Equal(60, Assert.Single(window.ScanInstances).SecondsSinceLastScan);
        ExposureWindow window2 = Assert.Single(ExposureWindowBuilder.Build([match], [t - 130, t - 10, t + 10], Mapping));

        // t-10 is within 25.5 s (same scan), so the previous scan is t-130: minute 60 - minute 57 = 3 → 180 s.
        Assert.Equal(180, Assert.Single(window2.ScanInstances).SecondsSinceLastScan);
    }

    [Fact]
    public void Windows_last_at_most_30_minutes()
    {
        long t = Day0 + 7200;
        KeyMatch match = Match(Key(), At(t, 40), At(t + 900, 40), At(t + 1799, 40), At(t + 1800, 40), At(t + 2000, 40));

        IReadOnlyList<ExposureWindow> windows = ExposureWindowBuilder.Build([match], [], Mapping);

        Assert.Equal(2, windows.Count);
        Assert.Equal(3, windows[0].ScanInstances.Count);
        Assert.Equal(t, windows[0].StartUnixSeconds);
        Assert.Equal(2, windows[1].ScanInstances.Count);
        Assert.Equal(t + 1800, windows[1].StartUnixSeconds);
    }

    [Fact]
    public void A_window_belongs_to_the_utc_day_it_starts_on()
    {
        long midnight = Day0 + 86400;
        KeyMatch match = Match(Key(), At(midnight - 600, 40), At(midnight + 600, 40), At(midnight + 1300, 40));

        IReadOnlyList<ExposureWindow> windows = ExposureWindowBuilder.Build([match], [], Mapping);

        Assert.Equal(2, windows.Count);
        Assert.Equal(new DateOnly(2020, 4, 2), windows[0].Date);
        Assert.Equal(2, windows[0].ScanInstances.Count); // 23:50 and 00:10 share a window started before midnight
        Assert.Equal(new DateOnly(2020, 4, 3), windows[1].Date);
    }

    [Fact]
    public void Report_type_and_infectiousness_come_from_the_key_through_the_mapping()
    {
        long t = Day0;
        IReadOnlyList<ExposureWindow> windows = ExposureWindowBuilder.Build(
            [
                Match(Key(reportType: null, dsos: null), At(t, 40)), // missing → ConfirmedTest, High
                Match(Key(reportType: ReportType.Unknown, dsos: -3), At(t, 40)), // Unknown → ConfirmedTest; -3 → High
                Match(Key(reportType: ReportType.SelfReport, dsos: 11), At(t, 40)), // 11 → None: dropped
                Match(Key(reportType: ReportType.Revoked, dsos: 0), At(t, 40)), // revoked: dropped
                Match(Key(reportType: ReportType.Recursive, dsos: 99), At(t, 40)), // out of range → None: dropped
                Match(Key(reportType: ReportType.ConfirmedClinicalDiagnosis, dsos: 10), At(t, 40, CalibrationConfidence.High)),
            ],
            [],
            Mapping);

        Assert.Equal(
            [(ReportType.ConfirmedTest, Infectiousness.High), (ReportType.ConfirmedTest, Infectiousness.High), (ReportType.ConfirmedClinicalDiagnosis, Infectiousness.High)],
            windows.Select(w => (w.ReportType, w.Infectiousness)));
        Assert.Equal(CalibrationConfidence.High, windows[2].CalibrationConfidence);
    }

    [Fact]
    public void Sightings_with_implausible_metadata_are_left_out()
    {
        MatchedSighting bad = At(Day0, 40) with { Metadata = ExposureMetadata.Create(100, CalibrationConfidence.Low, 1, 1) };
        Assert.Empty(ExposureWindowBuilder.Build([Match(Key(), bad)], [], Mapping));
    }
}
