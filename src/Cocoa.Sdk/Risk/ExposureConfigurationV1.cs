namespace Cocoa.Sdk.Risk;

/// <summary>
/// The Exposure Notification v1 risk-score configuration (<c>ExposureConfiguration</c>, COCOA1's <c>google_exposure_config</c>):
/// <c>RiskScore = attenuationScore × daysSinceLastExposureScore × durationScore × transmissionRiskScore</c>, 0 below the minimum.
/// </summary>
/// <remarks>
/// <para>Bucket indexes: attenuation 0 when &gt; 73 dB, then &gt; 63, &gt; 51, &gt; 33, &gt; 27, &gt; 15, &gt; 10, and 7 when ≤ 10;
/// days since exposure 0 when ≥ 14, then ≥ 12, 10, 8, 6, 4, 2, and 7 when ≥ 0; duration 0 when 0 min, then ≤ 5, 10, 15, 20, 25,
/// 30, and 7 when &gt; 30; transmission risk level L (1..8) uses index L − 1, and level 0 (or absent) scores 1. The weights are
/// carried for completeness; like the platforms, the score does not use them.</para>
/// </remarks>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed class ExposureConfigurationV1
{
    /// <summary>Creates a configuration.</summary>
    /// <param name="minimumRiskScore">Scores below this become 0 (0..4096).</param>
    /// <param name="attenuationScores">8 scores, each 0..8.</param>
    /// <param name="daysSinceLastExposureScores">8 scores, each 0..8.</param>
    /// <param name="durationScores">8 scores, each 0..8.</param>
    /// <param name="transmissionRiskScores">8 scores, each 0..8.</param>
    /// <param name="durationAtAttenuationThresholds">2 increasing thresholds in dB for the attenuation durations.</param>
    /// <param name="attenuationWeight">Unused weight, 0..100.</param>
    /// <param name="daysSinceLastExposureWeight">Unused weight, 0..100.</param>
    /// <param name="durationWeight">Unused weight, 0..100.</param>
    /// <param name="transmissionRiskWeight">Unused weight, 0..100.</param>
    /// <exception cref="ArgumentNullException">An array is null.</exception>
    /// <exception cref="ArgumentException">An array has the wrong length or a value is out of range.</exception>
    public ExposureConfigurationV1(
        int minimumRiskScore,
        IReadOnlyList<int> attenuationScores,
        IReadOnlyList<int> daysSinceLastExposureScores,
        IReadOnlyList<int> durationScores,
        IReadOnlyList<int> transmissionRiskScores,
        IReadOnlyList<int> durationAtAttenuationThresholds,
        int attenuationWeight = 50,
        int daysSinceLastExposureWeight = 50,
        int durationWeight = 50,
        int transmissionRiskWeight = 50)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumRiskScore);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minimumRiskScore, 4096);
        AttenuationScores = CheckScores(attenuationScores, nameof(attenuationScores));
        DaysSinceLastExposureScores = CheckScores(daysSinceLastExposureScores, nameof(daysSinceLastExposureScores));
        DurationScores = CheckScores(durationScores, nameof(durationScores));
        TransmissionRiskScores = CheckScores(transmissionRiskScores, nameof(transmissionRiskScores));
        ArgumentNullException.ThrowIfNull(durationAtAttenuationThresholds);
        if (durationAtAttenuationThresholds.Count != 2 || durationAtAttenuationThresholds[0] > durationAtAttenuationThresholds[1]
            || durationAtAttenuationThresholds[0] < 0 || durationAtAttenuationThresholds[1] > 255)
        {
            throw new ArgumentException("Exactly 2 non-decreasing thresholds within 0..255 dB are required.", nameof(durationAtAttenuationThresholds));
        }

        DurationAtAttenuationThresholds = durationAtAttenuationThresholds.ToArray().AsReadOnly();
        foreach ((int w, string name) in new[] { (attenuationWeight, nameof(attenuationWeight)), (daysSinceLastExposureWeight, nameof(daysSinceLastExposureWeight)), (durationWeight, nameof(durationWeight)), (transmissionRiskWeight, nameof(transmissionRiskWeight)) })
        {
            if (w is < 0 or > 100)
            {
                throw new ArgumentOutOfRangeException(name, w, "Weights are 0..100.");
            }
        }

        MinimumRiskScore = minimumRiskScore;
        AttenuationWeight = attenuationWeight;
        DaysSinceLastExposureWeight = daysSinceLastExposureWeight;
        DurationWeight = durationWeight;
        TransmissionRiskWeight = transmissionRiskWeight;
    }

    /// <summary>
    /// Gets COCOA1's configuration (app v1.1.4 and later): minimum risk score 21, attenuation scores 1..8, duration scores
    /// 0,0,0,0,1,1,1,1, days scores all 1, transmission risk scores all 7, duration thresholds 50/70 dB — in effect
    /// "attenuation ≤ 63 dB for more than 15 minutes".
    /// </summary>
    public static ExposureConfigurationV1 Cocoa1 { get; } = new(
        21,
        [1, 2, 3, 4, 5, 6, 7, 8],
        [1, 1, 1, 1, 1, 1, 1, 1],
        [0, 0, 0, 0, 1, 1, 1, 1],
        [7, 7, 7, 7, 7, 7, 7, 7],
        [50, 70]);

    /// <summary>Gets the minimum risk score.</summary>
    public int MinimumRiskScore { get; }

    /// <summary>Gets the attenuation scores.</summary>
    public IReadOnlyList<int> AttenuationScores { get; }

    /// <summary>Gets the days-since-last-exposure scores.</summary>
    public IReadOnlyList<int> DaysSinceLastExposureScores { get; }

    /// <summary>Gets the duration scores.</summary>
    public IReadOnlyList<int> DurationScores { get; }

    /// <summary>Gets the transmission risk scores.</summary>
    public IReadOnlyList<int> TransmissionRiskScores { get; }

    /// <summary>Gets the two attenuation thresholds for the attenuation durations.</summary>
    public IReadOnlyList<int> DurationAtAttenuationThresholds { get; }

    /// <summary>Gets the (unused) attenuation weight.</summary>
    public int AttenuationWeight { get; }

    /// <summary>Gets the (unused) days-since-last-exposure weight.</summary>
    public int DaysSinceLastExposureWeight { get; }

    /// <summary>Gets the (unused) duration weight.</summary>
    public int DurationWeight { get; }

    /// <summary>Gets the (unused) transmission risk weight.</summary>
    public int TransmissionRiskWeight { get; }

    /// <summary>Returns the attenuation bucket index (0 for &gt; 73 dB … 7 for ≤ 10 dB).</summary>
    /// <param name="attenuationDb">The attenuation.</param>
    /// <returns>The index 0..7.</returns>
    public static int GetAttenuationBucket(int attenuationDb) => attenuationDb switch
    {
        > 73 => 0,
        > 63 => 1,
        > 51 => 2,
        > 33 => 3,
        > 27 => 4,
        > 15 => 5,
        > 10 => 6,
        _ => 7,
    };

    /// <summary>Returns the days-since-last-exposure bucket index (0 for ≥ 14 days … 7 for 0–1 days).</summary>
    /// <param name="days">Days since the exposure.</param>
    /// <returns>The index 0..7.</returns>
    public static int GetDaysSinceLastExposureBucket(int days) => days switch
    {
        >= 14 => 0,
        >= 12 => 1,
        >= 10 => 2,
        >= 8 => 3,
        >= 6 => 4,
        >= 4 => 5,
        >= 2 => 6,
        _ => 7,
    };

    /// <summary>Returns the duration bucket index (0 for 0 minutes … 7 for more than 30 minutes).</summary>
    /// <param name="minutes">The exposure duration in minutes.</param>
    /// <returns>The index 0..7.</returns>
    public static int GetDurationBucket(int minutes) => minutes switch
    {
        <= 0 => 0,
        <= 5 => 1,
        <= 10 => 2,
        <= 15 => 3,
        <= 20 => 4,
        <= 25 => 5,
        <= 30 => 6,
        _ => 7,
    };

    /// <summary>Computes a risk score; 0 when below <see cref="MinimumRiskScore"/>.</summary>
    /// <param name="attenuationDb">The exposure's (weighted) attenuation.</param>
    /// <param name="daysSinceExposure">Days since the exposure.</param>
    /// <param name="durationMinutes">The exposure duration in minutes.</param>
    /// <param name="transmissionRiskLevel">The key's transmission risk level (0 or absent scores 1).</param>
    /// <returns>The risk score.</returns>
    public int ComputeRiskScore(int attenuationDb, int daysSinceExposure, int durationMinutes, int? transmissionRiskLevel)
    {
        int tr = transmissionRiskLevel is int level and >= 1 and <= 8 ? TransmissionRiskScores[level - 1] : 1;
        int score = AttenuationScores[GetAttenuationBucket(attenuationDb)]
            * DaysSinceLastExposureScores[GetDaysSinceLastExposureBucket(daysSinceExposure)]
            * DurationScores[GetDurationBucket(durationMinutes)]
            * tr;
        return score < MinimumRiskScore ? 0 : score;
    }

    private static System.Collections.ObjectModel.ReadOnlyCollection<int> CheckScores(IReadOnlyList<int> scores, string paramName)
    {
        ArgumentNullException.ThrowIfNull(scores, paramName);
        if (scores.Count != 8 || scores.Any(s => s is < 0 or > 8))
        {
            throw new ArgumentException("Exactly 8 scores, each 0..8, are required.", paramName);
        }

        return scores.ToArray().AsReadOnly();
    }
}
