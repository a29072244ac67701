namespace Cocoa.Sdk.Risk;

/// <summary>The v1 result over all matched keys: COCOA1 notified when <see cref="MaximumRiskScore"/> ≥ the minimum risk score.</summary>
/// <param name="MatchedKeyCount">Keys with at least one exposure.</param>
/// <param name="DaysSinceLastExposure">Days since the most recent exposure (0 when none).</param>
/// <param name="MaximumRiskScore">The highest exposure risk score.</param>
/// <param name="SummationRiskScore">The sum of the exposure risk scores.</param>
/// <param name="IsHighRisk">Whether <see cref="MaximumRiskScore"/> reaches the configuration's minimum risk score (and is positive).</param>
/// <param name="Exposures">The exposures, in key order then time order.</param>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly record struct ExposureSummaryV1(
    int MatchedKeyCount,
    int DaysSinceLastExposure,
    int MaximumRiskScore,
    int SummationRiskScore,
    bool IsHighRisk,
    IReadOnlyList<ExposureInformationV1> Exposures);
