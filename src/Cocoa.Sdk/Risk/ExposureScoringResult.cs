namespace Cocoa.Sdk.Risk;

/// <summary>Everything <see cref="ExposureScorer"/> computes from matched keys.</summary>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed class ExposureScoringResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="exposureWindows">The exposure windows.</param>
    /// <param name="dailySummaries">The daily summaries.</param>
    /// <param name="risk">COCOA's decision per recent day.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public ExposureScoringResult(IReadOnlyList<ExposureWindow> exposureWindows, IReadOnlyList<DailySummary> dailySummaries, IReadOnlyList<DailyRiskResult> risk)
    {
        ArgumentNullException.ThrowIfNull(exposureWindows);
        ArgumentNullException.ThrowIfNull(dailySummaries);
        ArgumentNullException.ThrowIfNull(risk);
        ExposureWindows = exposureWindows;
        DailySummaries = dailySummaries;
        Risk = risk;
    }

    /// <summary>Gets the exposure windows, in key order then time order.</summary>
    public IReadOnlyList<ExposureWindow> ExposureWindows { get; }

    /// <summary>Gets the daily summaries in date order.</summary>
    public IReadOnlyList<DailySummary> DailySummaries { get; }

    /// <summary>Gets COCOA's decision for each day of the last 15 days that has a summary.</summary>
    public IReadOnlyList<DailyRiskResult> Risk { get; }

    /// <summary>Gets whether any day is high-risk (COCOA would notify).</summary>
    public bool IsHighRisk => Risk.Any(r => r.IsHighRisk);
}
