namespace Cocoa.Sdk.Risk;

/// <summary>COCOA's risk decision for one UTC day, with the values it was based on.</summary>
/// <param name="Date">The UTC day.</param>
/// <param name="IsHighRisk">Whether every configured condition holds (COCOA's "contact confirmed").</param>
/// <param name="ScoreSum">The day's score sum (<see cref="DailySummary.ScoreSum"/>).</param>
/// <param name="WeightedDurationAverage">The day's weighted duration sum divided by <paramref name="SecondsSinceLastScanSum"/> (0 when that is 0).</param>
/// <param name="SecondsSinceLastScanSum">Σ secondsSinceLastScan over all scan instances of the day's windows.</param>
/// <param name="TypicalAttenuationDbMax">The largest typical attenuation of the day's scan instances (0 when none).</param>
/// <param name="TypicalAttenuationDbMin">The smallest typical attenuation of the day's scan instances (0 when none).</param>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly record struct DailyRiskResult(
    DateOnly Date,
    bool IsHighRisk,
    double ScoreSum,
    double WeightedDurationAverage,
    int SecondsSinceLastScanSum,
    int TypicalAttenuationDbMax,
    int TypicalAttenuationDbMin);
