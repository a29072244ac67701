using System.Collections.ObjectModel;
using Cocoa.Sdk.Export;

namespace Cocoa.Sdk.Risk;

/// <summary>How exposure windows are scored into daily summaries (Exposure Notification v2 <c>DailySummariesConfig</c>).</summary>
/// <remarks>
/// <para>Buckets of a scan's typical attenuation <c>a</c>: immediate when <c>a &lt;= t[0]</c>, near when <c>a &lt;= t[1]</c>,
/// medium when <c>a &lt;= t[2]</c>, other otherwise. A window's weighted duration is the sum over its scans of
/// <c>secondsSinceLastScan × bucketWeight</c>; its score is that times the report-type weight and the infectiousness weight.</para>
/// </remarks>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed class DailySummariesConfig
{
    /// <summary>The largest allowed weight (2.5).</summary>
    public const double MaximumWeight = 2.5;

    /// <summary>Creates a configuration.</summary>
    /// <param name="attenuationBucketThresholdsDb">Three strictly increasing thresholds, each 0..255 dB.</param>
    /// <param name="attenuationBucketWeights">Four weights (immediate, near, medium, other), each 0..2.5.</param>
    /// <param name="infectiousnessWeights">Weights for Standard and High, each 0..2.5; missing entries weigh 0.</param>
    /// <param name="reportTypeWeights">Weights per report type, each 0..2.5; missing entries weigh 0.</param>
    /// <param name="minimumWindowScore">Windows scoring below this are left out of the summaries.</param>
    /// <param name="daysSinceExposureThreshold">When positive, windows more than this many days old are left out.</param>
    /// <exception cref="ArgumentNullException">A collection is null.</exception>
    /// <exception cref="ArgumentException">A collection has the wrong length, or a value is out of range.</exception>
    public DailySummariesConfig(
        IReadOnlyList<int> attenuationBucketThresholdsDb,
        IReadOnlyList<double> attenuationBucketWeights,
        IReadOnlyDictionary<Infectiousness, double> infectiousnessWeights,
        IReadOnlyDictionary<ReportType, double> reportTypeWeights,
        double minimumWindowScore = 0,
        int daysSinceExposureThreshold = 0)
    {
        ArgumentNullException.ThrowIfNull(attenuationBucketThresholdsDb);
        ArgumentNullException.ThrowIfNull(attenuationBucketWeights);
        ArgumentNullException.ThrowIfNull(infectiousnessWeights);
        ArgumentNullException.ThrowIfNull(reportTypeWeights);
        if (attenuationBucketThresholdsDb.Count != 3)
        {
            throw new ArgumentException("Exactly 3 attenuation thresholds are required.", nameof(attenuationBucketThresholdsDb));
        }

        for (int i = 0; i < 3; i++)
        {
            int t = attenuationBucketThresholdsDb[i];
            if (t is < 0 or > 255 || (i > 0 && t <= attenuationBucketThresholdsDb[i - 1]))
            {
                throw new ArgumentException("Attenuation thresholds must be 0..255 dB and strictly increasing.", nameof(attenuationBucketThresholdsDb));
            }
        }

        if (attenuationBucketWeights.Count != 4)
        {
            throw new ArgumentException("Exactly 4 attenuation bucket weights are required.", nameof(attenuationBucketWeights));
        }

        foreach (double w in attenuationBucketWeights)
        {
            CheckWeight(w, nameof(attenuationBucketWeights));
        }

        foreach ((Infectiousness key, double w) in infectiousnessWeights)
        {
            if (key is not (Infectiousness.Standard or Infectiousness.High))
            {
                throw new ArgumentException("Infectiousness weights are defined for Standard and High only.", nameof(infectiousnessWeights));
            }

            CheckWeight(w, nameof(infectiousnessWeights));
        }

        foreach ((ReportType key, double w) in reportTypeWeights)
        {
            if (key is < ReportType.ConfirmedTest or > ReportType.Recursive)
            {
                throw new ArgumentException("Report-type weights are defined for ConfirmedTest, ConfirmedClinicalDiagnosis, SelfReport and Recursive only.", nameof(reportTypeWeights));
            }

            CheckWeight(w, nameof(reportTypeWeights));
        }

        if (!double.IsFinite(minimumWindowScore) || minimumWindowScore < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(minimumWindowScore), minimumWindowScore, "The minimum window score must be a finite non-negative number.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(daysSinceExposureThreshold);

        AttenuationBucketThresholdsDb = attenuationBucketThresholdsDb.ToArray().AsReadOnly();
        AttenuationBucketWeights = attenuationBucketWeights.ToArray().AsReadOnly();
        InfectiousnessWeights = new ReadOnlyDictionary<Infectiousness, double>(infectiousnessWeights.ToDictionary());
        ReportTypeWeights = new ReadOnlyDictionary<ReportType, double>(reportTypeWeights.ToDictionary());
        MinimumWindowScore = minimumWindowScore;
        DaysSinceExposureThreshold = daysSinceExposureThreshold;
    }

    /// <summary>
    /// Gets COCOA's production configuration: thresholds 46/60/65 dB, bucket weights 1.0/2.5/1.3/0.01, all infectiousness and
    /// report-type weights 1.0, minimum window score 0, no day threshold.
    /// </summary>
    public static DailySummariesConfig CocoaProduction { get; } = new(
        [46, 60, 65],
        [1.0, 2.5, 1.3, 0.01],
        new Dictionary<Infectiousness, double> { [Infectiousness.Standard] = 1.0, [Infectiousness.High] = 1.0 },
        new Dictionary<ReportType, double>
        {
            [ReportType.ConfirmedTest] = 1.0,
            [ReportType.ConfirmedClinicalDiagnosis] = 1.0,
            [ReportType.SelfReport] = 1.0,
            [ReportType.Recursive] = 1.0,
        });

    /// <summary>Gets the three attenuation thresholds in dB (immediate, near, medium).</summary>
    public IReadOnlyList<int> AttenuationBucketThresholdsDb { get; }

    /// <summary>Gets the four bucket weights (immediate, near, medium, other).</summary>
    public IReadOnlyList<double> AttenuationBucketWeights { get; }

    /// <summary>Gets the infectiousness weights.</summary>
    public IReadOnlyDictionary<Infectiousness, double> InfectiousnessWeights { get; }

    /// <summary>Gets the report-type weights.</summary>
    public IReadOnlyDictionary<ReportType, double> ReportTypeWeights { get; }

    /// <summary>Gets the minimum window score; lower-scoring windows are left out.</summary>
    public double MinimumWindowScore { get; }

    /// <summary>Gets the day threshold; when positive, older windows are left out.</summary>
    public int DaysSinceExposureThreshold { get; }

    /// <summary>Returns the attenuation bucket of a typical attenuation: 0 immediate, 1 near, 2 medium, 3 other.</summary>
    /// <param name="attenuationDb">The typical attenuation of a scan.</param>
    /// <returns>The bucket index.</returns>
    public int GetAttenuationBucket(int attenuationDb)
    {
        IReadOnlyList<int> t = AttenuationBucketThresholdsDb;
        return attenuationDb <= t[0] ? 0 : attenuationDb <= t[1] ? 1 : attenuationDb <= t[2] ? 2 : 3;
    }

    /// <summary>Computes a window's weighted duration: Σ secondsSinceLastScan × bucket weight.</summary>
    /// <param name="window">The window.</param>
    /// <returns>The weighted duration in seconds.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="window"/> is null.</exception>
    public double GetWeightedDuration(ExposureWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        double sum = 0;
        foreach (ScanInstance scan in window.ScanInstances)
        {
            sum += scan.SecondsSinceLastScan * AttenuationBucketWeights[GetAttenuationBucket(scan.TypicalAttenuationDb)];
        }

        return sum;
    }

    /// <summary>Computes a window's score: weighted duration × report-type weight × infectiousness weight.</summary>
    /// <param name="window">The window.</param>
    /// <returns>The score.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="window"/> is null.</exception>
    public double GetWindowScore(ExposureWindow window) =>
        GetWeightedDuration(window)
        * ReportTypeWeights.GetValueOrDefault(window.ReportType)
        * InfectiousnessWeights.GetValueOrDefault(window.Infectiousness);

    private static void CheckWeight(double w, string paramName)
    {
        if (!(w >= 0 && w <= MaximumWeight))
        {
            throw new ArgumentOutOfRangeException(paramName, w, "Weights must be within 0..2.5.");
        }
    }
}
