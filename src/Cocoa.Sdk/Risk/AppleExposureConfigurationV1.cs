namespace Cocoa.Sdk.Risk;

/// <summary>The <c>apple_exposure_config_v1</c> section of COCOA's <c>configuration.json</c> (iOS v1 level values).</summary>
/// <param name="AttenuationLevelValues">8 level values by attenuation bucket.</param>
/// <param name="DaysSinceLastExposureLevelValues">8 level values by days bucket.</param>
/// <param name="DurationLevelValues">8 level values by duration bucket.</param>
/// <param name="TransmissionRiskLevelValues">8 level values by transmission risk level.</param>
/// <param name="MinimumRiskScore">The minimum risk score.</param>
/// <param name="MinimumRiskScoreFullRange">The full-range minimum risk score.</param>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly record struct AppleExposureConfigurationV1(
    IReadOnlyList<int> AttenuationLevelValues,
    IReadOnlyList<int> DaysSinceLastExposureLevelValues,
    IReadOnlyList<int> DurationLevelValues,
    IReadOnlyList<int> TransmissionRiskLevelValues,
    int MinimumRiskScore,
    double MinimumRiskScoreFullRange)
{
    /// <summary>Gets COCOA's legacy-v1 section: COCOA1's level values with transmission risk values 0,0,7,7,7,7,7,7 and minimum 21.</summary>
    public static AppleExposureConfigurationV1 CocoaProduction { get; } = new(
        [1, 2, 3, 4, 5, 6, 7, 8], [1, 1, 1, 1, 1, 1, 1, 1], [0, 0, 0, 0, 1, 1, 1, 1], [0, 0, 7, 7, 7, 7, 7, 7], 21, 0.0);

    /// <summary>Converts to an <see cref="ExposureConfigurationV1"/> with the given duration thresholds.</summary>
    /// <param name="durationAtAttenuationThresholds">Two thresholds (iOS defaults 50/70).</param>
    /// <returns>The equivalent configuration.</returns>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public ExposureConfigurationV1 ToExposureConfigurationV1(IReadOnlyList<int>? durationAtAttenuationThresholds = null) => new(
        MinimumRiskScore, AttenuationLevelValues, DaysSinceLastExposureLevelValues, DurationLevelValues, TransmissionRiskLevelValues,
        durationAtAttenuationThresholds ?? [50, 70]);
}
