namespace Cocoa.Sdk.Simulation.Detection;

/// <summary>A batch of independent trials of one scenario: every pair gets <see cref="TrialsPerPair"/> trials, each judged by every rule.</summary>
/// <param name="Scenario">The contact.</param>
/// <param name="Pairs">The device pairs with their shares.</param>
/// <param name="Rules">The rules to apply to every trial (the same trials for all, so rules compare without sampling noise between them).</param>
/// <param name="TrialsPerPair">Trials per pair (1..1,000,000).</param>
/// <param name="Seed">The seed; trial <c>i</c> of pair <c>p</c> always gets the same random stream for the same seed, whatever the scenario.</param>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed record DetectionStudy(ContactScenario Scenario, IReadOnlyList<DevicePair> Pairs, IReadOnlyList<DetectionRule> Rules, int TrialsPerPair, ulong Seed)
{
    /// <summary>The most trials per pair a study may have.</summary>
    public const int MaximumTrialsPerPair = 1_000_000;

    /// <summary>Checks the values are usable.</summary>
    /// <exception cref="ArgumentException">A value is missing or out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Scenario);
        Scenario.Validate();
        if (Pairs is null || Pairs.Count == 0 || Pairs.Any(p => p is null || !(p.Share >= 0) || !double.IsFinite(p.Share)) || !(Pairs.Sum(p => p.Share) > 0))
        {
            throw new ArgumentException("A study needs at least one device pair, with non-negative shares that add up to more than 0.", nameof(Pairs));
        }

        if (Rules is null || Rules.Count == 0 || Rules.Any(r => r is null))
        {
            throw new ArgumentException("A study needs at least one rule.", nameof(Rules));
        }

        if (TrialsPerPair is < 1 or > MaximumTrialsPerPair)
        {
            throw new ArgumentOutOfRangeException(nameof(TrialsPerPair), TrialsPerPair, "Trials per pair must be 1..1,000,000.");
        }
    }
}

/// <summary>The outcome of a <see cref="DetectionStudy"/> for one device pair.</summary>
/// <param name="Pair">The pair.</param>
/// <param name="Trials">The number of trials.</param>
/// <param name="Detected">For each rule of the study (same order), how many trials notified.</param>
/// <param name="TypicalAttenuationHistogram">How many scan instances had each typical attenuation (index = dB, 0..255; larger values in the last bin).</param>
public sealed record PairEstimate(DevicePair Pair, int Trials, IReadOnlyList<int> Detected, IReadOnlyList<long> TypicalAttenuationHistogram)
{
    /// <summary>Gets the share of trials a rule notified.</summary>
    /// <param name="ruleIndex">The rule's index in the study.</param>
    /// <returns>The detection rate, 0..1.</returns>
    public double GetRate(int ruleIndex) => (double)Detected[ruleIndex] / Trials;
}

/// <summary>The outcome of a <see cref="DetectionStudy"/>.</summary>
/// <param name="Study">The study.</param>
/// <param name="Pairs">Per pair, in the study's order.</param>
public sealed record DetectionEstimate(DetectionStudy Study, IReadOnlyList<PairEstimate> Pairs)
{
    /// <summary>Gets a rule's detection rate weighted by the pairs' shares.</summary>
    /// <param name="ruleIndex">The rule's index in the study.</param>
    /// <returns>Σ share·rate / Σ share.</returns>
    public double GetRate(int ruleIndex)
    {
        double shares = Pairs.Sum(p => p.Pair.Share);
        return Pairs.Sum(p => p.Pair.Share * p.GetRate(ruleIndex)) / shares;
    }

    /// <summary>Gets the share-weighted fraction of scan instances whose typical attenuation is above a threshold.</summary>
    /// <param name="thresholdDb">The threshold in dB.</param>
    /// <returns>0..1, or NaN when no scan instance was seen.</returns>
    public double GetScanShareAbove(int thresholdDb)
    {
        double weighted = 0, shares = 0;
        foreach (PairEstimate pair in Pairs)
        {
            long total = pair.TypicalAttenuationHistogram.Sum();
            if (total == 0)
            {
                continue;
            }

            long above = pair.TypicalAttenuationHistogram.Skip(Math.Clamp(thresholdDb + 1, 0, 256)).Sum();
            weighted += pair.Pair.Share * above / total;
            shares += pair.Pair.Share;
        }

        return shares == 0 ? double.NaN : weighted / shares;
    }
}
