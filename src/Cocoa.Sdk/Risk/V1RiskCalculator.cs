// Exposure Notification v1 (Google's reference RiskScoreCalculator / findExposures):
// - a key's sightings split into exposures at gaps longer than 10 minutes;
// - duration = (last - first) + 5 min, rounded to a multiple of 5 min (a remainder of at most 150 s rounds down);
// - attenuation = time-weighted mean: each sighting holds until the next one, the first and last also count for 150 s
//   (half the 5-minute scan interval); rounded half up.

using Cocoa.Sdk.Matching;

namespace Cocoa.Sdk.Risk;

/// <summary>Computes the Exposure Notification v1 risk score (COCOA1) of matched keys, for comparison with the v2 rule.</summary>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class V1RiskCalculator
{
    /// <summary>The largest gap within one exposure, in seconds (10 minutes).</summary>
    public const int MaximumGapSeconds = 600;

    /// <summary>Half the scan interval, added before the first and after the last sighting (150 s).</summary>
    public const int HalfScanIntervalSeconds = 150;

    /// <summary>Scores matched keys.</summary>
    /// <param name="matches">The matched keys.</param>
    /// <param name="configuration">The v1 configuration (e.g. <see cref="ExposureConfigurationV1.Cocoa1"/>).</param>
    /// <param name="now">The current time (for days since exposure, counted from the key's day).</param>
    /// <returns>The summary with every exposure.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ExposureSummaryV1 Calculate(IEnumerable<KeyMatch> matches, ExposureConfigurationV1 configuration, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(matches);
        ArgumentNullException.ThrowIfNull(configuration);
        DateOnly today = DateOnly.FromDateTime(now.UtcDateTime);
        var exposures = new List<ExposureInformationV1>();
        int keys = 0;
        int? minDays = null;
        foreach (KeyMatch match in matches)
        {
            long[] times = [.. match.Sightings.Where(s => s.IsMetadataPlausible).OrderBy(s => s.Sighting.UnixSeconds).Select(s => s.Sighting.UnixSeconds)];
            int[] attenuations = [.. match.Sightings.Where(s => s.IsMetadataPlausible).OrderBy(s => s.Sighting.UnixSeconds).Select(s => s.AttenuationDb)];
            if (times.Length == 0)
            {
                continue;
            }

            keys++;
            int days = today.DayNumber - match.Key.Key.RollingStartIntervalNumber.UtcDate.DayNumber;
            minDays = Math.Min(minDays ?? int.MaxValue, Math.Max(days, 0));
            int start = 0;
            for (int i = 1; i <= times.Length; i++)
            {
                if (i == times.Length || times[i] - times[i - 1] > MaximumGapSeconds)
                {
                    exposures.Add(Score(match, times.AsSpan(start, i - start), attenuations.AsSpan(start, i - start), days, configuration));
                    start = i;
                }
            }
        }

        int max = exposures.Count == 0 ? 0 : exposures.Max(e => e.TotalRiskScore);
        int sum = exposures.Sum(e => e.TotalRiskScore);
        return new ExposureSummaryV1(keys, minDays ?? 0, max, sum, max > 0 && max >= configuration.MinimumRiskScore, exposures.AsReadOnly());
    }

    /// <summary>Rounds an exposure's raw duration (last − first + 5 min) to a multiple of 5 minutes; a remainder of at most 150 s rounds down.</summary>
    /// <param name="rawSeconds">The raw duration in seconds.</param>
    /// <returns>The duration in minutes.</returns>
    public static int RoundDurationMinutes(long rawSeconds)
    {
        long remainder = rawSeconds % 300;
        long rounded = remainder <= 150 ? rawSeconds - remainder : rawSeconds - remainder + 300;
        return (int)Math.Min(rounded / 60, int.MaxValue);
    }

    private static ExposureInformationV1 Score(KeyMatch match, ReadOnlySpan<long> times, ReadOnlySpan<int> attenuations, int days, ExposureConfigurationV1 configuration)
    {
        long first = times[0], last = times[^1];
        int minutes = RoundDurationMinutes(last - first + 300);
        long totalSeconds = (last - first) + (2 * HalfScanIntervalSeconds);
        long weighted = 0;
        Span<long> bucketSeconds = stackalloc long[3];
        int th0 = configuration.DurationAtAttenuationThresholds[0], th1 = configuration.DurationAtAttenuationThresholds[1];
        for (int i = 0; i < times.Length; i++)
        {
            long held = (i + 1 < times.Length ? times[i + 1] - times[i] : 0)
                + (i == 0 ? HalfScanIntervalSeconds : 0)
                + (i == times.Length - 1 ? HalfScanIntervalSeconds : 0);
            weighted += held * attenuations[i];
            bucketSeconds[attenuations[i] < th0 ? 0 : attenuations[i] < th1 ? 1 : 2] += held;
        }

        int attenuation = (int)(((2 * weighted) + totalSeconds) / (2 * totalSeconds));
        int score = configuration.ComputeRiskScore(attenuation, days, minutes, match.Key.TransmissionRiskLevel);
        int[] durations = [.. bucketSeconds.ToArray().Select(s => (int)Math.Min(30, (s + 30) / 60))];
        DateOnly date = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(first).UtcDateTime);
        return new ExposureInformationV1(match.Key, date, first, Math.Min(minutes, 30), attenuation, durations.AsReadOnly(), score);
    }
}
