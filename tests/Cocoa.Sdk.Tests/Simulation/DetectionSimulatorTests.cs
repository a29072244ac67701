using Cocoa.Sdk.Ble;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Risk;
using Cocoa.Sdk.Simulation.Detection;
using Xunit;

namespace Cocoa.Sdk.Tests.Simulation;

public sealed class DetectionSimulatorTests
{
    private static readonly DetectionSimulator Simulator = new();

    private static DetectionEstimate Estimate(double metres, int minutes, int trials, ulong seed, params DetectionRule[] rules) =>
        Simulator.Estimate(new DetectionStudy(new ContactScenario(metres, TimeSpan.FromMinutes(minutes)), DevicePair.Japan(), rules, trials, seed));

    [Fact]
    public void The_same_seed_gives_the_same_counts_and_histograms_and_another_seed_does_not()
    {
        DetectionEstimate first = Estimate(1.0, 15, 300, 7, DetectionRule.CocoaV2, DetectionRule.CocoaV1);
        DetectionEstimate again = Estimate(1.0, 15, 300, 7, DetectionRule.CocoaV2, DetectionRule.CocoaV1);
        DetectionEstimate other = Estimate(1.0, 15, 300, 8, DetectionRule.CocoaV2, DetectionRule.CocoaV1);
        for (int p = 0; p < 3; p++)
        {
            Assert.Equal(first.Pairs[p].Detected, again.Pairs[p].Detected);
            Assert.Equal(first.Pairs[p].TypicalAttenuationHistogram, again.Pairs[p].TypicalAttenuationHistogram);
        }

        Assert.NotEqual(
            first.Pairs.SelectMany(p => p.TypicalAttenuationHistogram),
            other.Pairs.SelectMany(p => p.TypicalAttenuationHistogram));
    }

    [Fact]
    public void One_trial_runs_the_real_pipeline_and_is_reproducible()
    {
        var scenario = new ContactScenario(1.0, TimeSpan.FromMinutes(20));
        DevicePair mixed = DevicePair.Japan()[1];
        DetectionTrial trial = Simulator.RunTrial(scenario, mixed, 12345);
        DetectionTrial again = Simulator.RunTrial(scenario, mixed, 12345);

        Assert.True(trial.PacketsSent > 0);
        Assert.InRange(trial.Sightings, 1, trial.PacketsSent);
        var match = Assert.Single(trial.Matches);
        Assert.Equal(trial.Sightings, match.Sightings.Count);
        Assert.All(match.Sightings, s => Assert.Equal(trial.Sender.TxPowerDbm, s.Metadata.TxPowerDbm));
        Assert.All(match.Sightings, s => Assert.Equal(Attenuation.Compute(s.Metadata.TxPowerDbm, s.Sighting.RssiDbm, trial.Receiver.RssiCorrectionDb), s.AttenuationDb));
        Assert.True(trial.ScanTimes.Count(t => t < trial.ContactStart.ToUnixTimeSeconds()) >= 1, "the receiver scanned before the contact");
        Assert.Equal(match.Sightings.Select(s => (s.Sighting.UnixSeconds, s.Sighting.RssiDbm)), again.Matches[0].Sightings.Select(s => (s.Sighting.UnixSeconds, s.Sighting.RssiDbm)));
    }

    [Fact]
    public void More_distance_gives_a_lower_rate_under_an_attenuation_rule()
    {
        // COCOA v2 itself weighs "immediate" (<= 46 dB) below "near", so its rate is not monotone under 2 m; a hard cut is.
        DetectionRule cut = DetectionRule.AttenuationCut(60);
        double[] rates = [.. new[] { 1.0, 2.0, 3.0, 5.0 }.Select(d => Estimate(d, 20, 600, 3, cut).GetRate(0))];
        for (int i = 1; i < rates.Length; i++)
        {
            Assert.True(rates[i] <= rates[i - 1] + 0.02, $"rate at step {i} rose: {string.Join(", ", rates)}");
        }

        Assert.True(rates[^1] < rates[0] - 0.1, $"5 m should be clearly below 1 m: {string.Join(", ", rates)}");
    }

    [Fact]
    public void Cocoa_v2_rate_falls_from_2_m_to_5_m()
    {
        double near = Estimate(2.0, 15, 1000, 5, DetectionRule.CocoaV2).GetRate(0);
        double far = Estimate(5.0, 15, 1000, 5, DetectionRule.CocoaV2).GetRate(0);
        Assert.True(far < near - 0.03, $"2 m {near:0.000}, 5 m {far:0.000}");
    }

    [Fact]
    public void More_minutes_give_a_higher_rate()
    {
        double[] rates = [.. new[] { 10, 15, 20, 30 }.Select(m => Estimate(1.0, m, 500, 11, DetectionRule.CocoaV2).GetRate(0))];
        for (int i = 1; i < rates.Length; i++)
        {
            Assert.True(rates[i] >= rates[i - 1] - 0.02, $"rate fell: {string.Join(", ", rates)}");
        }

        Assert.True(rates[^1] > rates[0] + 0.5, $"30 min should be far above 10 min: {string.Join(", ", rates)}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(8)]
    public void A_contact_too_short_for_900_seconds_of_scans_is_never_detected(int minutes)
    {
        // Three scan instances at most 300 s each need two gaps over 240 s inside the contact: more than 8 minutes.
        foreach (double metres in new[] { 0.5, 1.0 })
        {
            DetectionEstimate estimate = Estimate(metres, minutes, 1000, 2, DetectionRule.CocoaV2, DetectionRule.CocoaV1);
            Assert.All(estimate.Pairs, p => Assert.Equal([0, 0], p.Detected));
        }
    }

    [Fact]
    public void The_attenuation_model_is_lovetts_and_reproduces_cocoas_design_arithmetic()
    {
        LogNormalAttenuationModel model = LogNormalAttenuationModel.Lovett2020;
        Assert.Equal(Math.Exp(3.92), model.GetMedianDb(1.0), 9);
        Assert.Equal(Math.Exp(3.92 + (0.21 * Math.Log(2))), model.GetMedianDb(2.0), 9);

        // COCOA averaged 37 readings in the log domain: a -60 dB cut then misses ~17 % at 1.5 m (COCOA: 22 %), a -65 dB cut
        // ~4 % (COCOA: 5 %) and accepts ~88 % at 2 m (COCOA: 84 % false positives).
        Assert.Equal(0.172, model.GetProbabilityAverageAbove(1.5, 60, 37), 2);
        Assert.Equal(0.037, model.GetProbabilityAverageAbove(1.5, 65, 37), 2);
        Assert.Equal(0.875, 1 - model.GetProbabilityAverageAbove(2.0, 65, 37), 2);
    }

    [Fact]
    public void Calibration_errors_come_from_the_spread_of_measured_models_in_googles_table()
    {
        CalibrationErrorModel errors = CalibrationErrorModel.Default;
        Assert.Equal((0.0, 0.0), errors.GetSigmas(CalibrationConfidence.High));
        (double tx, double rssi) = errors.GetSigmas(CalibrationConfidence.Low);
        Assert.Equal(5.8, tx, 1);
        Assert.Equal(4.0, rssi, 0);
        Assert.Equal(errors.GetSigmas(CalibrationConfidence.Low), errors.GetSigmas(CalibrationConfidence.Medium));
        Assert.True(errors.GetSigmas(CalibrationConfidence.Lowest).TxSigmaDb > tx);
    }

    [Fact]
    public void Japans_device_classes_and_pairs_follow_the_cited_shares()
    {
        IReadOnlyList<DevicePair> pairs = DevicePair.Japan();
        Assert.Equal(["iPhone–iPhone", "iPhone–Android", "Android–Android"], pairs.Select(p => p.Name));
        Assert.Equal(1.0, pairs.Sum(p => p.Share), 9);
        Assert.Equal(DevicePair.JapanIPhoneShare * DevicePair.JapanIPhoneShare, pairs[0].Share, 9);

        DeviceClass android = DeviceClass.Android;
        Assert.Equal([30.6, 23.5, 14.3, 31.6], android.Groups.Select(g => Math.Round(g.Weight, 1)));
        Assert.All(android.Groups, g => Assert.NotEmpty(g.Calibrations));
        Assert.Equal(CalibrationTable.BuiltIn.Records.Count, android.Groups.Sum(g => g.Calibrations.Count));
    }

    [Fact]
    public void The_simulated_timing_is_the_runtimes()
    {
        var runtime = new Cocoa.Sdk.Runtime.ExposureNotificationOptions();
        RadioTiming timing = RadioTiming.Default;
        Assert.Equal(runtime.ScanInterval, timing.ScanInterval);
        Assert.Equal(runtime.ScanIntervalRandomRange, timing.ScanIntervalRandomRange);
        Assert.Equal(runtime.ScanDuration, timing.ScanDuration);
        Assert.Equal(runtime.MinimumRotationInterval, timing.MinimumRotationInterval);
        Assert.Equal(runtime.MaximumRotationInterval, timing.MaximumRotationInterval);
    }

    [Fact]
    public void Bad_scenarios_and_studies_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.RunTrial(new ContactScenario(0, TimeSpan.FromMinutes(15)), DevicePair.Japan()[0], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.RunTrial(new ContactScenario(1, TimeSpan.Zero), DevicePair.Japan()[0], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Estimate(1, 15, 0, 1, DetectionRule.CocoaV2));
        Assert.Throws<ArgumentException>(() => Simulator.Estimate(new DetectionStudy(new ContactScenario(1, TimeSpan.FromMinutes(15)), [], [DetectionRule.CocoaV2], 10, 1)));
    }

    [Fact]
    public void Carrying_in_a_bag_and_a_wall_lower_the_rate_under_an_attenuation_rule()
    {
        DetectionRule cut = DetectionRule.AttenuationCut(60);
        DetectionEstimate Run(CarryingPosition position, double wall) => Simulator.Estimate(new DetectionStudy(
            new ContactScenario(1.0, TimeSpan.FromMinutes(20), position, wall), DevicePair.Japan(), [cut], 400, 4));
        double hand = Run(CarryingPosition.Hand, 0).GetRate(0);
        Assert.True(Run(CarryingPosition.Bag, 0).GetRate(0) < hand - 0.05);
        Assert.True(Run(CarryingPosition.Hand, 15).GetRate(0) < hand - 0.05);
    }
}
