namespace Cocoa.Sdk.Risk;

/// <summary>COCOA's "1 m / 15 min" decision: a day is high-risk when every configured condition of the risk configuration holds.</summary>
/// <remarks>
/// <para>Per daily summary dated no earlier than 15 days before <c>now</c>: seconds-since-last-scan sum, weighted-duration average
/// and typical-attenuation maximum and minimum are taken over all scan instances of that day's exposure windows; with every
/// condition <c>"NOP"</c> the day is not high-risk. The production rule is <c>ScoreSum &gt;= 1350</c> and
/// <c>SecondsSinceLastScanSum &gt;= 900</c>.</para>
/// </remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class CocoaRiskCalculator
{
    /// <summary>How far back daily summaries are evaluated (COCOA's 15-day validity of exposure records).</summary>
    public static readonly TimeSpan ValidityPeriod = TimeSpan.FromDays(15);

    /// <summary>Evaluates each recent day.</summary>
    /// <param name="dailySummaries">The daily summaries.</param>
    /// <param name="windows">All exposure windows (not only those counted in the summaries).</param>
    /// <param name="configuration">The conditions.</param>
    /// <param name="now">The current time; summaries dated before <c>now − 15 days</c> are not evaluated.</param>
    /// <returns>One result per evaluated day, in date order.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IReadOnlyList<DailyRiskResult> Evaluate(
        IEnumerable<DailySummary> dailySummaries,
        IEnumerable<ExposureWindow> windows,
        CocoaRiskCalculationConfiguration configuration,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(dailySummaries);
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(configuration);

        ILookup<DateOnly, ExposureWindow> byDay = windows.ToLookup(w => w.Date);
        DateTimeOffset oldest = now - ValidityPeriod;
        var results = new List<DailyRiskResult>();
        foreach (DailySummary summary in dailySummaries.OrderBy(s => s.Date))
        {
            var dayStart = new DateTimeOffset(summary.Date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            if (dayStart < oldest)
            {
                continue;
            }

            results.Add(EvaluateDay(summary, byDay[summary.Date], configuration));
        }

        return results;
    }

    /// <summary>Evaluates one day.</summary>
    /// <param name="summary">The day's summary.</param>
    /// <param name="windowsOfDay">The exposure windows dated that day.</param>
    /// <param name="configuration">The conditions.</param>
    /// <returns>The decision and the values it was based on.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static DailyRiskResult EvaluateDay(DailySummary summary, IEnumerable<ExposureWindow> windowsOfDay, CocoaRiskCalculationConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(windowsOfDay);
        ArgumentNullException.ThrowIfNull(configuration);

        int secondsSum = 0;
        int? attMax = null, attMin = null;
        foreach (ExposureWindow window in windowsOfDay)
        {
            foreach (ScanInstance scan in window.ScanInstances)
            {
                secondsSum += scan.SecondsSinceLastScan;
                attMax = Math.Max(attMax ?? int.MinValue, scan.TypicalAttenuationDb);
                attMin = Math.Min(attMin ?? int.MaxValue, scan.TypicalAttenuationDb);
            }
        }

        double weightedDurationAverage = secondsSum == 0 ? 0 : summary.WeightedDurationSum / secondsSum;
        bool high = configuration.AnyConditionChecked
            && configuration.DailySummaryDaySummaryScoreSum.Holds(summary.ScoreSum)
            && configuration.DailySummaryDaySummaryWeightedDurationAverage.Holds(weightedDurationAverage)
            && configuration.ExposureWindowScanInstanceSecondsSinceLastScanSum.Holds(secondsSum)
            && configuration.ExposureWindowScanInstanceTypicalAttenuationDbMax.Holds(attMax ?? 0)
            && configuration.ExposureWindowScanInstanceTypicalAttenuationDbMin.Holds(attMin ?? 0);
        return new DailyRiskResult(summary.Date, high, summary.ScoreSum, weightedDurationAverage, secondsSum, attMax ?? 0, attMin ?? 0);
    }
}
