namespace Cocoa.Sdk.Risk;

/// <summary>Scores of the exposure windows of one day (all windows, or those of one report type).</summary>
/// <param name="MaximumScore">The highest window score.</param>
/// <param name="ScoreSum">The sum of the window scores.</param>
/// <param name="WeightedDurationSum">The sum of the windows' attenuation-weighted durations, in seconds (ignores infectiousness and report type).</param>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly record struct ExposureSummaryData(double MaximumScore, double ScoreSum, double WeightedDurationSum);
