namespace Cocoa.Sdk.Simulation.Detection;

/// <summary>A grid of scenarios (distance × duration) studied with the same pairs, rules, trials and seed.</summary>
/// <param name="DistancesMetres">The distances.</param>
/// <param name="Minutes">The contact durations in minutes.</param>
/// <param name="Pairs">The device pairs.</param>
/// <param name="Rules">The rules applied to every trial.</param>
/// <param name="TrialsPerPair">Trials per pair and grid point.</param>
/// <param name="Seed">The seed (shared by all grid points: common random numbers).</param>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed record DetectionSweepOptions(
    IReadOnlyList<double> DistancesMetres,
    IReadOnlyList<int> Minutes,
    IReadOnlyList<DevicePair> Pairs,
    IReadOnlyList<DetectionRule> Rules,
    int TrialsPerPair,
    ulong Seed)
{
    /// <summary>Gets the default distances: 0.5 m to 5 m in steps of 0.25 m.</summary>
    public static IReadOnlyList<double> DefaultDistances { get; } = [.. Enumerable.Range(0, 19).Select(i => 0.5 + (0.25 * i))];

    /// <summary>Gets the default durations: 5, 10, 15, 30 and 60 minutes.</summary>
    public static IReadOnlyList<int> DefaultMinutes { get; } = [5, 10, 15, 30, 60];

    /// <summary>Gets the candidate hard cuts of the trade-off: 50 to 70 dB in steps of 2 dB.</summary>
    /// <returns>The rules "cut-50" … "cut-70".</returns>
    public static IReadOnlyList<DetectionRule> CandidateCuts() => [.. Enumerable.Range(0, 11).Select(i => DetectionRule.AttenuationCut(50 + (2 * i)))];
}

/// <summary>Progress of a sweep.</summary>
/// <param name="TrialsDone">Trials finished so far.</param>
/// <param name="TrialsTotal">Trials in the whole sweep.</param>
public readonly record struct DetectionSweepProgress(long TrialsDone, long TrialsTotal);

/// <summary>The studies of every grid point of a <see cref="DetectionSweepOptions"/>.</summary>
/// <param name="Options">The sweep.</param>
/// <param name="Points">One estimate per grid point, durations outer, distances inner.</param>
public sealed record DetectionSweepResult(DetectionSweepOptions Options, IReadOnlyList<DetectionEstimate> Points)
{
    /// <summary>The farthest distance of a close contact, in metres (COCOA's "about 1 m", with the 1.5 m tolerance its design used).</summary>
    public const double CloseDistanceMetres = 1.5;

    /// <summary>The shortest close contact in minutes.</summary>
    public const int CloseMinutes = 15;

    /// <summary>The nearest distance of a contact that should not notify, in metres.</summary>
    public const double FarDistanceMetres = 2.0;

    /// <summary>Gets the estimate of one grid point.</summary>
    /// <param name="distanceMetres">The distance (one of the sweep's).</param>
    /// <param name="minutes">The duration (one of the sweep's).</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="ArgumentException">The point is not on the grid.</exception>
    public DetectionEstimate Get(double distanceMetres, int minutes) =>
        Points.FirstOrDefault(p => Math.Abs(p.Study.Scenario.DistanceMetres - distanceMetres) < 1e-9 && (int)p.Study.Scenario.Duration.TotalMinutes == minutes)
        ?? throw new ArgumentException($"{distanceMetres} m for {minutes} min is not on the sweep's grid.", nameof(distanceMetres));

    /// <summary>
    /// Gets a rule's trade-off over the grid: the share of close contacts (≤ 1.5 m for ≥ 15 min) it misses, and the share of
    /// contacts that are not close (≥ 2 m, or shorter than 15 min) it notifies; each grid point counts equally, each share-weighted.
    /// Contacts between 1.5 m and 2 m count as neither.
    /// </summary>
    /// <param name="ruleIndex">The rule's index in the sweep.</param>
    /// <returns>The missed share of close contacts and the notified share of other contacts, 0..1 (NaN when the grid has none).</returns>
    public (double MissedClose, double NotifiedNotClose) GetTradeOff(int ruleIndex)
    {
        var close = new List<double>();
        var notClose = new List<double>();
        foreach (DetectionEstimate point in Points)
        {
            double d = point.Study.Scenario.DistanceMetres;
            double minutes = point.Study.Scenario.Duration.TotalMinutes;
            if (d <= CloseDistanceMetres && minutes >= CloseMinutes)
            {
                close.Add(1 - point.GetRate(ruleIndex));
            }
            else if (d >= FarDistanceMetres || minutes < CloseMinutes)
            {
                notClose.Add(point.GetRate(ruleIndex));
            }
        }

        return (close.Count == 0 ? double.NaN : close.Average(), notClose.Count == 0 ? double.NaN : notClose.Average());
    }
}

/// <summary>Runs a grid of detection studies.</summary>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class DetectionSweep
{
    /// <summary>Runs every grid point (each on all cores).</summary>
    /// <param name="simulator">The simulator.</param>
    /// <param name="options">The grid.</param>
    /// <param name="progress">Receives progress after each block of trials (from worker threads).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The estimates.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The grid is empty or a study would be invalid.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public static DetectionSweepResult Run(
        DetectionSimulator simulator,
        DetectionSweepOptions options,
        IProgress<DetectionSweepProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        ArgumentNullException.ThrowIfNull(options);
        if (options.DistancesMetres is null || options.DistancesMetres.Count == 0 || options.Minutes is null || options.Minutes.Count == 0)
        {
            throw new ArgumentException("A sweep needs at least one distance and one duration.", nameof(options));
        }

        DetectionStudy[] studies =
        [
            .. options.Minutes.SelectMany(m => options.DistancesMetres.Select(d => new DetectionStudy(
                new ContactScenario(d, TimeSpan.FromMinutes(m)), options.Pairs, options.Rules, options.TrialsPerPair, options.Seed))),
        ];
        foreach (DetectionStudy study in studies)
        {
            study.Validate();
        }

        long perStudy = (long)options.TrialsPerPair * options.Pairs.Count;
        long total = perStudy * studies.Length;
        var points = new List<DetectionEstimate>(studies.Length);
        for (int i = 0; i < studies.Length; i++)
        {
            long before = perStudy * i;
            IProgress<int>? inner = progress is null ? null : new Forward(progress, before, total);
            points.Add(simulator.Estimate(studies[i], inner, cancellationToken));
        }

        progress?.Report(new DetectionSweepProgress(total, total));
        return new DetectionSweepResult(options, points);
    }

    private sealed class Forward(IProgress<DetectionSweepProgress> target, long before, long total) : IProgress<int>
    {
        public void Report(int value) => target.Report(new DetectionSweepProgress(before + value, total));
    }
}
