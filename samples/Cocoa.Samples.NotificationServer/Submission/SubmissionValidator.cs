using Cocoa.Samples.NotificationServer.Storage;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Protocol;

namespace Cocoa.Samples.NotificationServer.Submission;

/// <summary>
/// COCOA v3 validation: request-level rules (400) and per-key rules (an invalid key is dropped alone, as COCOA does):
/// key data the base64 of 16 bytes, rolling period 0 stored as 144 and at most 144, rolling start from the retention
/// period up to today's UTC midnight, report type 0–4, days since onset within −14..14 and within COCOA's infectious
/// window (with symptoms <see cref="NotificationServerOptions.MinDaysSinceOnset"/>..<see cref="NotificationServerOptions.MaxDaysSinceOnset"/>,
/// without <see cref="NotificationServerOptions.MinDaysSinceTest"/>..<see cref="NotificationServerOptions.MaxDaysSinceTest"/>).
/// </summary>
internal sealed class SubmissionValidator(NotificationServerOptions options)
{
    /// <summary>COCOA's "days has infectiousness": keys from 3 days before onset on carry the medium risk level.</summary>
    public const int DaysHasInfectiousness = -3;

    /// <summary>Transmission risk for keys in the infectious period (COCOA's TRANSMISSION_RISK_LEVEL_MEDIUM).</summary>
    public const int TransmissionRiskMedium = 4;

    /// <summary>Transmission risk for earlier keys (COCOA's TRANSMISSION_RISK_LEVEL_LOWEST).</summary>
    public const int TransmissionRiskLowest = 1;

    /// <summary>At most this many keys may share one start interval (Google's MAX_SAME_START_INTERVAL_KEYS).</summary>
    public const int MaxSameStartKeys = 3;

    private readonly HashSet<string> _regions = new(options.Regions, StringComparer.Ordinal);

    /// <summary>Request-level checks done before the processing number is used up; returns an error or null.</summary>
    public string? ValidateRequest(DiagnosisSubmissionBody submission)
    {
        if (submission.Keys.Count > options.MaxKeysPerSubmission)
        {
            return $"Too many keys (at most {options.MaxKeysPerSubmission}).";
        }

        if (submission.Regions.Count == 0)
        {
            return "Regions not supported.";
        }

        foreach (string region in submission.Regions)
        {
            if (!_regions.Contains(region))
            {
                return "Regions not supported.";
            }
        }

        // Overlap rule (Google's key server): keys may overlap only when they share the start interval, at most 3 per start.
        var intervals = submission.Keys
            .Where(k => k.RollingPeriod is >= 0 and <= TemporaryExposureKey.MaxRollingPeriod && k.RollingStartNumber is >= 0 and <= uint.MaxValue)
            .Select(k => (Start: k.RollingStartNumber, Period: StoredPeriod(k.RollingPeriod)))
            .Order()
            .ToList();
        int sameStart = 1;
        for (int i = 1; i < intervals.Count; i++)
        {
            var (previous, current) = (intervals[i - 1], intervals[i]);
            if (current.Start == previous.Start)
            {
                if (++sameStart > MaxSameStartKeys)
                {
                    return "Too many overlapping keys for one start interval.";
                }

                continue;
            }

            sameStart = 1;
            if (current.Start < previous.Start + previous.Period)
            {
                return "Keys have non-aligned overlapping intervals.";
            }
        }

        return null;
    }

    /// <summary>COCOA stores a rolling period of 0 (not set by old clients) as a full day.</summary>
    public static long StoredPeriod(long period) => period == 0 ? TemporaryExposureKey.MaxRollingPeriod : period;

    /// <summary>Per-key checks; returns the keys to store (one row per region) and how many were dropped.</summary>
    public (List<StoredKey> Keys, int Dropped) ValidateKeys(DiagnosisSubmissionBody submission, DateTimeOffset now)
    {
        var nowInterval = EnIntervalNumber.FromDateTimeOffset(now);
        DateOnly today = nowInterval.UtcDate;
        long todayStart = EnIntervalNumber.FromUtcDate(today).Value;
        long oldestStart = EnIntervalNumber.FromUtcDate(today.AddDays(-options.RetentionDays)).Value;
        DateOnly onsetDate = DateOnly.FromDateTime(submission.OnsetOfSymptomOrTestDate.UtcDateTime);
        (int minDays, int maxDays) = submission.HasSymptom
            ? (options.MinDaysSinceOnset, options.MaxDaysSinceOnset)
            : (options.MinDaysSinceTest, options.MaxDaysSinceTest);
        long nowSeconds = now.ToUnixTimeSeconds();
        var keys = new List<StoredKey>();
        int dropped = 0;
        Span<byte> keyData = stackalloc byte[TemporaryExposureKey.KeyLength];
        foreach (SubmittedKey key in submission.Keys)
        {
            long period = StoredPeriod(key.RollingPeriod);
            long reportType = key.ReportType ?? 1;
            bool valid = key.TryDecodeKeyData(keyData)
                && period is >= 1 and <= TemporaryExposureKey.MaxRollingPeriod
                && key.RollingStartNumber >= oldestStart && key.RollingStartNumber <= todayStart
                && reportType is >= 0 and <= 4;
            int daysSinceOnset = valid ? new EnIntervalNumber((uint)key.RollingStartNumber).UtcDate.DayNumber - onsetDate.DayNumber : 0;
            if (!valid || daysSinceOnset is < -14 or > 14 || daysSinceOnset < minDays || daysSinceOnset > maxDays)
            {
                dropped++;
                continue;
            }

            int risk = daysSinceOnset >= DaysHasInfectiousness ? TransmissionRiskMedium : TransmissionRiskLowest;
            long endSeconds = (key.RollingStartNumber + period) * EnIntervalNumber.SecondsPerInterval;
            long availableAt = Math.Max(nowSeconds, endSeconds + (long)options.EmbargoMargin.TotalSeconds);
            byte[] bytes = keyData.ToArray();
            foreach (string region in submission.Regions.Distinct(StringComparer.Ordinal))
            {
                keys.Add(new StoredKey(region, bytes, key.RollingStartNumber, (int)period, risk, reportType == 0 ? 1 : (int)reportType, daysSinceOnset, availableAt));
            }
        }

        return (keys, dropped);
    }
}
