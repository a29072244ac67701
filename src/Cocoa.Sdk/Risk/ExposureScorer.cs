using Cocoa.Sdk.Matching;

namespace Cocoa.Sdk.Risk;

/// <summary>From matched keys to COCOA's decision: exposure windows, daily summaries, and the per-day risk rule.</summary>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class ExposureScorer
{
    /// <summary>Scores matched keys with COCOA's production configuration.</summary>
    /// <param name="matches">The matched keys.</param>
    /// <param name="scanTimes">The phone's scan times, Unix seconds.</param>
    /// <param name="now">The current time.</param>
    /// <returns>Windows, summaries and decisions.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ExposureScoringResult Score(IEnumerable<KeyMatch> matches, IEnumerable<long> scanTimes, DateTimeOffset now) =>
        Score(matches, scanTimes, CocoaExposureConfiguration.Production, CocoaRiskCalculationConfiguration.Production, now);

    /// <summary>Scores matched keys (Android semantics: <see cref="CocoaExposureConfiguration.DailySummariesConfig"/> and
    /// <see cref="CocoaExposureConfiguration.DiagnosisKeysDataMapping"/>).</summary>
    /// <param name="matches">The matched keys.</param>
    /// <param name="scanTimes">The phone's scan times, Unix seconds.</param>
    /// <param name="configuration">The exposure configuration (<c>configuration.json</c>).</param>
    /// <param name="riskConfiguration">The decision rule (<c>risk_calculation_configuration.json</c>).</param>
    /// <param name="now">The current time.</param>
    /// <returns>Windows, summaries and decisions.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ExposureScoringResult Score(
        IEnumerable<KeyMatch> matches,
        IEnumerable<long> scanTimes,
        CocoaExposureConfiguration configuration,
        CocoaRiskCalculationConfiguration riskConfiguration,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(riskConfiguration);
        IReadOnlyList<ExposureWindow> windows = ExposureWindowBuilder.Build(matches, scanTimes, configuration.DiagnosisKeysDataMapping);
        IReadOnlyList<DailySummary> summaries = DailySummaryCalculator.Calculate(windows, configuration.DailySummariesConfig, now);
        IReadOnlyList<DailyRiskResult> risk = CocoaRiskCalculator.Evaluate(summaries, windows, riskConfiguration, now);
        return new ExposureScoringResult(windows, summaries, risk);
    }
}
