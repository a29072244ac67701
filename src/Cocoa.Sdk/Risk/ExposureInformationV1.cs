using Cocoa.Sdk.Export;

namespace Cocoa.Sdk.Risk;

/// <summary>One v1 exposure: sightings of one key with gaps of at most 10 minutes, scored with <see cref="ExposureConfigurationV1"/>.</summary>
/// <param name="Key">The diagnosis key.</param>
/// <param name="Date">The UTC day of the first sighting.</param>
/// <param name="StartUnixSeconds">Time of the first sighting.</param>
/// <param name="DurationMinutes">Duration (last − first + 5 min, rounded to 5 minutes), capped at 30 as the platforms report it.</param>
/// <param name="AttenuationValue">Time-weighted attenuation, rounded.</param>
/// <param name="AttenuationDurationsMinutes">Minutes below the first threshold, between the thresholds, and at or above the second (each capped at 30).</param>
/// <param name="TotalRiskScore">The risk score (0 when below the minimum).</param>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly record struct ExposureInformationV1(
    DiagnosisKey Key,
    DateOnly Date,
    long StartUnixSeconds,
    int DurationMinutes,
    int AttenuationValue,
    IReadOnlyList<int> AttenuationDurationsMinutes,
    int TotalRiskScore);
