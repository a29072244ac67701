using Cocoa.Sdk.Export;

namespace Cocoa.Sdk.Risk;

/// <summary>The exposure scores of one UTC day.</summary>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed class DailySummary
{
    /// <summary>Creates a daily summary.</summary>
    /// <param name="date">The UTC day.</param>
    /// <param name="daySummary">Scores over all windows of the day.</param>
    /// <param name="reportTypeSummaries">Scores per report type.</param>
    /// <exception cref="ArgumentNullException"><paramref name="reportTypeSummaries"/> is null.</exception>
    public DailySummary(DateOnly date, ExposureSummaryData daySummary, IReadOnlyDictionary<ReportType, ExposureSummaryData> reportTypeSummaries)
    {
        ArgumentNullException.ThrowIfNull(reportTypeSummaries);
        Date = date;
        DaySummary = daySummary;
        ReportTypeSummaries = reportTypeSummaries;
    }

    /// <summary>Gets the UTC day.</summary>
    public DateOnly Date { get; }

    /// <summary>Gets the scores over all windows of the day.</summary>
    public ExposureSummaryData DaySummary { get; }

    /// <summary>Gets the scores per report type (only types that occur).</summary>
    public IReadOnlyDictionary<ReportType, ExposureSummaryData> ReportTypeSummaries { get; }

    /// <summary>Gets the sum of the window scores of the day.</summary>
    public double ScoreSum => DaySummary.ScoreSum;

    /// <summary>Gets the highest window score of the day.</summary>
    public double MaximumScore => DaySummary.MaximumScore;

    /// <summary>Gets the sum of the weighted durations of the day, in seconds.</summary>
    public double WeightedDurationSum => DaySummary.WeightedDurationSum;
}
