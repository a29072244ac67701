using Cocoa.Sdk.Matching;
using Cocoa.Sdk.Risk;

namespace Cocoa.Sdk.Simulation.Detection;

/// <summary>A decision "would this phone notify?" applied to the matched keys of a trial, through the SDK's real risk code.</summary>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public abstract class DetectionRule
{
    /// <summary>Creates a rule.</summary>
    /// <param name="name">A short name for tables and plots (e.g. "cocoa-v2").</param>
    protected DetectionRule(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>Gets COCOA's production EN v2 rule: thresholds 46/60/65 dB, weights 1.0/2.5/1.3/0.01, ScoreSum ≥ 1350 and ≥ 900 s.</summary>
    public static DetectionRule CocoaV2 { get; } = V2("cocoa-v2", CocoaExposureConfiguration.Production, CocoaRiskCalculationConfiguration.Production);

    /// <summary>Gets COCOA's EN v1 rule: minimum risk score 21 with thresholds 50/70 dB, in effect ≤ 63 dB for more than 15 minutes.</summary>
    public static DetectionRule CocoaV1 { get; } = V1("cocoa-v1", ExposureConfigurationV1.Cocoa1);

    /// <summary>Gets the name.</summary>
    public string Name { get; }

    /// <summary>Creates an EN v2 rule: exposure windows, daily summaries and COCOA's risk conditions (<see cref="ExposureScorer"/>).</summary>
    /// <param name="name">The rule's name.</param>
    /// <param name="configuration">The exposure configuration.</param>
    /// <param name="riskConfiguration">The risk conditions.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="ArgumentNullException">A configuration is null.</exception>
    public static DetectionRule V2(string name, CocoaExposureConfiguration configuration, CocoaRiskCalculationConfiguration riskConfiguration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(riskConfiguration);
        return new V2Rule(name, configuration, riskConfiguration);
    }

    /// <summary>Creates an EN v1 rule (<see cref="V1RiskCalculator"/>): notified when the highest risk score reaches the minimum.</summary>
    /// <param name="name">The rule's name.</param>
    /// <param name="configuration">The v1 configuration.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="ArgumentNullException">The configuration is null.</exception>
    public static DetectionRule V1(string name, ExposureConfigurationV1 configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new V1Rule(name, configuration);
    }

    /// <summary>
    /// Creates a hard attenuation cut as an EN v2 configuration: scans with typical attenuation at most <paramref name="thresholdDb"/>
    /// weigh 1, all others 0, and a day notifies when the weighted time reaches <paramref name="minimumSeconds"/>.
    /// </summary>
    /// <param name="thresholdDb">The cut in dB (2..255).</param>
    /// <param name="minimumSeconds">The weighted seconds needed (900 for "15 minutes").</param>
    /// <returns>The rule, named "cut-&lt;threshold&gt;".</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static DetectionRule AttenuationCut(int thresholdDb, int minimumSeconds = 900)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(thresholdDb, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(thresholdDb, 255);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minimumSeconds);
        CocoaExposureConfiguration production = CocoaExposureConfiguration.Production;
        DailySummariesConfig cocoa = production.DailySummariesConfig;
        var summaries = new DailySummariesConfig(
            [thresholdDb - 2, thresholdDb - 1, thresholdDb],
            [1.0, 1.0, 1.0, 0.0],
            cocoa.InfectiousnessWeights,
            cocoa.ReportTypeWeights);
        var configuration = new CocoaExposureConfiguration(
            summaries,
            production.DiagnosisKeysDataMapping,
            production.AppleExposureConfigurationV2,
            production.ExposureConfigurationV1,
            production.AppleExposureConfigurationV1);
        var risk = new CocoaRiskCalculationConfiguration(
            new RiskThreshold(RiskThresholdOperator.GreaterOrEqual, minimumSeconds),
            RiskThreshold.NotChecked,
            RiskThreshold.NotChecked,
            RiskThreshold.NotChecked,
            RiskThreshold.NotChecked);
        return new V2Rule($"cut-{thresholdDb}", configuration, risk);
    }

    /// <summary>Decides whether the phone notifies.</summary>
    /// <param name="matches">The matched keys of the trial.</param>
    /// <param name="scanTimes">The receiving phone's scan times, Unix seconds.</param>
    /// <param name="now">When the phone checks.</param>
    /// <returns><see langword="true"/> when the phone would notify.</returns>
    public abstract bool IsDetected(IReadOnlyList<KeyMatch> matches, IReadOnlyList<long> scanTimes, DateTimeOffset now);

    /// <inheritdoc/>
    public override string ToString() => Name;

    private sealed class V2Rule(string name, CocoaExposureConfiguration configuration, CocoaRiskCalculationConfiguration risk) : DetectionRule(name)
    {
        public override bool IsDetected(IReadOnlyList<KeyMatch> matches, IReadOnlyList<long> scanTimes, DateTimeOffset now) =>
            matches.Count > 0 && ExposureScorer.Score(matches, scanTimes, configuration, risk, now).IsHighRisk;
    }

    private sealed class V1Rule(string name, ExposureConfigurationV1 configuration) : DetectionRule(name)
    {
        public override bool IsDetected(IReadOnlyList<KeyMatch> matches, IReadOnlyList<long> scanTimes, DateTimeOffset now) =>
            matches.Count > 0 && V1RiskCalculator.Calculate(matches, configuration, now).IsHighRisk;
    }
}
