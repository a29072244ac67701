using Cocoa.Sdk.Export;

namespace Cocoa.Sdk.Risk;

/// <summary>Scores exposure windows into per-UTC-day summaries (Exposure Notification v2 <c>getDailySummaries</c>).</summary>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class DailySummaryCalculator
{
    /// <summary>Computes the daily summaries.</summary>
    /// <param name="windows">The exposure windows.</param>
    /// <param name="config">Weights and thresholds.</param>
    /// <param name="now">The current time (for <see cref="DailySummariesConfig.DaysSinceExposureThreshold"/>).</param>
    /// <returns>One summary per UTC day that has at least one window scoring at least the minimum, in date order.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IReadOnlyList<DailySummary> Calculate(IEnumerable<ExposureWindow> windows, DailySummariesConfig config, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(config);
        DateOnly today = DateOnly.FromDateTime(now.UtcDateTime);
        var days = new SortedDictionary<DateOnly, (Accumulator Day, Dictionary<ReportType, Accumulator> ByType)>();
        foreach (ExposureWindow window in windows)
        {
            if (window.ReportType is < ReportType.ConfirmedTest or > ReportType.Recursive || window.Infectiousness == Infectiousness.None)
            {
                continue;
            }

            if (config.DaysSinceExposureThreshold > 0 && today.DayNumber - window.Date.DayNumber > config.DaysSinceExposureThreshold)
            {
                continue;
            }

            double weightedDuration = config.GetWeightedDuration(window);
            double score = weightedDuration
                * config.ReportTypeWeights.GetValueOrDefault(window.ReportType)
                * config.InfectiousnessWeights.GetValueOrDefault(window.Infectiousness);
            if (score < config.MinimumWindowScore)
            {
                continue;
            }

            if (!days.TryGetValue(window.Date, out var entry))
            {
                entry = (new Accumulator(), new Dictionary<ReportType, Accumulator>());
                days.Add(window.Date, entry);
            }

            entry.Day.Add(score, weightedDuration);
            if (!entry.ByType.TryGetValue(window.ReportType, out Accumulator? byType))
            {
                byType = new Accumulator();
                entry.ByType.Add(window.ReportType, byType);
            }

            byType.Add(score, weightedDuration);
        }

        var result = new List<DailySummary>(days.Count);
        foreach ((DateOnly date, var entry) in days)
        {
            result.Add(new DailySummary(
                date,
                entry.Day.ToData(),
                entry.ByType.OrderBy(p => p.Key).ToDictionary(p => p.Key, p => p.Value.ToData()).AsReadOnly()));
        }

        return result;
    }

    private sealed class Accumulator
    {
        private double _max;
        private double _sum;
        private double _weightedDuration;

        public void Add(double score, double weightedDuration)
        {
            _max = Math.Max(_max, score);
            _sum += score;
            _weightedDuration += weightedDuration;
        }

        public ExposureSummaryData ToData() => new(_max, _sum, _weightedDuration);
    }
}
