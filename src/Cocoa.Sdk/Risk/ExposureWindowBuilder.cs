// Exposure Notification v2 semantics (Google's reference implementation of findExposureWindows):
// - a window holds the time-ordered sightings of one key and lasts at most 30 minutes
//   (a sighting at least 1800 s after the window's first sighting starts a new window);
// - sightings at most 25.5 s (1.5 x 17 s scan) after the previous one belong to the same scan instance;
// - secondsSinceLastScan = 60 * min(5, floor(t / 60) - floor(previousScan / 60)), or 120 when no previous scan is known;
// - typical attenuation = mean of the scan's attenuations rounded half up, min attenuation = minimum.

using Cocoa.Sdk.Export;
using Cocoa.Sdk.Matching;

namespace Cocoa.Sdk.Risk;

/// <summary>Builds exposure windows (Exposure Notification v2) from matched keys and the phone's scan times.</summary>
/// <remarks>
/// <para>For a scan instance starting at <c>t</c>, the previous scan is the latest scan time more than 25.5 s before <c>t</c>,
/// so the scan that heard <c>t</c> itself (whose times lie within 25.5 s) does not count. Keys with <see cref="Infectiousness.None"/> or a report type
/// other than ConfirmedTest, ConfirmedClinicalDiagnosis, SelfReport and Recursive give no windows; sightings with implausible
/// metadata (<see cref="MatchedSighting.IsMetadataPlausible"/>) are left out. Windows are returned in key order, then time
/// order (not shuffled).</para>
/// </remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class ExposureWindowBuilder
{
    /// <summary>The longest an exposure window lasts, in seconds (30 minutes).</summary>
    public const int MaximumWindowSeconds = 30 * 60;

    /// <summary>The longest gap, in tenths of a second, between sightings of one scan instance (25.5 s).</summary>
    public const int ScanInstanceGapTenthsOfSecond = 255;

    /// <summary>The cap of <see cref="ScanInstance.SecondsSinceLastScan"/> (5 minutes).</summary>
    public const int MaximumSecondsSinceLastScan = 300;

    /// <summary>The value of <see cref="ScanInstance.SecondsSinceLastScan"/> when no previous scan is known (2 minutes).</summary>
    public const int DefaultSecondsSinceLastScan = 120;

    /// <summary>Builds the exposure windows of matched keys.</summary>
    /// <param name="matches">The matched keys (e.g. <see cref="MatchResult.Matches"/>).</param>
    /// <param name="scanTimes">The phone's scan times in Unix seconds, in any order (duplicates allowed).</param>
    /// <param name="mapping">How key metadata maps to infectiousness and report type.</param>
    /// <returns>The windows, in key order then time order.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static IReadOnlyList<ExposureWindow> Build(IEnumerable<KeyMatch> matches, IEnumerable<long> scanTimes, DiagnosisKeysDataMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(matches);
        ArgumentNullException.ThrowIfNull(scanTimes);
        ArgumentNullException.ThrowIfNull(mapping);

        ScanGroups scans = ScanGroups.Create(scanTimes);
        var windows = new List<ExposureWindow>();
        foreach (KeyMatch match in matches)
        {
            Infectiousness infectiousness = mapping.GetInfectiousness(match.Key.DaysSinceOnsetOfSymptoms);
            ReportType reportType = mapping.GetReportType(match.Key.ReportType);
            if (infectiousness == Infectiousness.None || reportType is < ReportType.ConfirmedTest or > ReportType.Recursive)
            {
                continue;
            }

            BuildKeyWindows(match.Sightings, scans, reportType, infectiousness, windows);
        }

        return windows;
    }

    /// <summary>Computes <see cref="ScanInstance.SecondsSinceLastScan"/> for a scan at <paramref name="time"/>.</summary>
    /// <param name="time">The scan's first sighting, Unix seconds.</param>
    /// <param name="previousScan">The previous scan's time, or <see langword="null"/> when unknown.</param>
    /// <returns><c>60 × min(5, ⌊time/60⌋ − ⌊previousScan/60⌋)</c>, or 120 when unknown.</returns>
    public static int ComputeSecondsSinceLastScan(long time, long? previousScan)
    {
        if (previousScan is not long prev)
        {
            return DefaultSecondsSinceLastScan;
        }

        long minutes = Math.Max(0, Math.Min(5, FloorDiv(time, 60) - FloorDiv(prev, 60)));
        return (int)(minutes * 60);
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : ((a - b + 1) / b);

    private static bool SameScan(long previous, long current) => (current - previous) * 10 <= ScanInstanceGapTenthsOfSecond;

    private static void BuildKeyWindows(
        IReadOnlyList<MatchedSighting> sightings,
        ScanGroups scans,
        ReportType reportType,
        Infectiousness infectiousness,
        List<ExposureWindow> windows)
    {
        var ordered = new List<MatchedSighting>(sightings.Count);
        foreach (MatchedSighting s in sightings)
        {
            if (s.IsMetadataPlausible)
            {
                ordered.Add(s);
            }
        }

        // Stable sort by time (callers normally pass time-ordered sightings already).
        MatchedSighting[] sorted = [.. ordered.OrderBy(s => s.Sighting.UnixSeconds)];
        if (sorted.Length == 0)
        {
            return;
        }

        List<ScanInstance>? instances = null;
        MatchedSighting windowFirst = default;
        long instanceStart = 0, previous = 0;
        long attenuationSum = 0;
        int attenuationCount = 0, attenuationMin = 0;

        void CloseInstance()
        {
            int typical = (int)(((2 * attenuationSum) + attenuationCount) / (2L * attenuationCount));
            instances!.Add(new ScanInstance(typical, attenuationMin, ComputeSecondsSinceLastScan(instanceStart, scans.PreviousScanBefore(instanceStart))));
        }

        void CloseWindow()
        {
            CloseInstance();
            long start = windowFirst.Sighting.UnixSeconds;
            windows.Add(new ExposureWindow(
                DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(start).UtcDateTime),
                start,
                reportType,
                infectiousness,
                windowFirst.Metadata.CalibrationConfidence,
                instances!.AsReadOnly()));
        }

        foreach (MatchedSighting s in sorted)
        {
            long t = s.Sighting.UnixSeconds;
            if (instances is not null && t - windowFirst.Sighting.UnixSeconds >= MaximumWindowSeconds)
            {
                CloseWindow();
                instances = null;
            }

            if (instances is null)
            {
                instances = [];
                windowFirst = s;
                StartInstance(t, s.AttenuationDb);
            }
            else if (SameScan(previous, t))
            {
                attenuationSum += s.AttenuationDb;
                attenuationCount++;
                attenuationMin = Math.Min(attenuationMin, s.AttenuationDb);
            }
            else
            {
                CloseInstance();
                StartInstance(t, s.AttenuationDb);
            }

            previous = t;
        }

        CloseWindow();

        void StartInstance(long t, int attenuation)
        {
            instanceStart = t;
            attenuationSum = attenuation;
            attenuationCount = 1;
            attenuationMin = attenuation;
        }
    }

    /// <summary>The sorted distinct scan times.</summary>
    private sealed class ScanGroups
    {
        private readonly long[] _ends;

        private ScanGroups(long[] ends) => _ends = ends;

        public static ScanGroups Create(IEnumerable<long> times) => new([.. times.Distinct().Order()]);

        /// <summary>The latest scan time more than 25.5 s before <paramref name="time"/>.</summary>
        public long? PreviousScanBefore(long time)
        {
            // Largest end e with (time - e) * 10 > 255.
            int lo = 0, hi = _ends.Length - 1, found = -1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >>> 1;
                if (!SameScan(_ends[mid], time) && _ends[mid] < time)
                {
                    found = mid;
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            return found < 0 ? null : _ends[found];
        }
    }
}
