namespace Cocoa.Sdk.Matching;

/// <summary>The outcome of matching a stream of diagnosis keys against the stored sightings.</summary>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed class MatchResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="keysProcessed">Number of keys read from the stream (including skipped and duplicate keys).</param>
    /// <param name="keysSkipped">Keys whose validity ±2 h did not overlap the sightings, skipped without deriving anything.</param>
    /// <param name="matches">The matched keys, in stream order, each key data at most once.</param>
    /// <exception cref="ArgumentNullException"><paramref name="matches"/> is null.</exception>
    public MatchResult(long keysProcessed, long keysSkipped, IReadOnlyList<KeyMatch> matches)
    {
        ArgumentNullException.ThrowIfNull(matches);
        KeysProcessed = keysProcessed;
        KeysSkipped = keysSkipped;
        Matches = matches;
    }

    /// <summary>Gets the number of keys read from the stream.</summary>
    public long KeysProcessed { get; }

    /// <summary>Gets the number of keys skipped because their validity ±2 h did not overlap the sightings' time range.</summary>
    public long KeysSkipped { get; }

    /// <summary>Gets the matched keys in stream order; a key that occurs several times (e.g. in several files) is reported once, at its first occurrence.</summary>
    public IReadOnlyList<KeyMatch> Matches { get; }

    /// <summary>
    /// Joins the results of consecutive key streams (e.g. the export files of <see cref="ExposureMatcher.MatchExportFilesAsync"/>,
    /// in file order) into the result of one stream: input indexes continue across the streams and a key that occurs in
    /// several of them is kept once, at its first occurrence.
    /// </summary>
    /// <param name="results">The results, in stream order.</param>
    /// <returns>The joined result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="results"/> is null.</exception>
    public static MatchResult Concat(IEnumerable<MatchResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        long processed = 0, skipped = 0;
        var all = new List<KeyMatch>();
        foreach (MatchResult result in results)
        {
            foreach (KeyMatch m in result.Matches)
            {
                all.Add(new KeyMatch(m.Key, processed + m.InputIndex, m.Sightings));
            }

            processed += result.KeysProcessed;
            skipped += result.KeysSkipped;
        }

        return FromUnordered(processed, skipped, all);
    }

    /// <summary>Orders matches by input index and keeps each key data once, at its first occurrence.</summary>
    internal static MatchResult FromUnordered(long processed, long skipped, List<KeyMatch> matches)
    {
        matches.Sort((a, b) => a.InputIndex.CompareTo(b.InputIndex));
        var seen = new HashSet<(ulong, ulong)>();
        var unique = new List<KeyMatch>(matches.Count);
        Span<byte> bytes = stackalloc byte[16];
        foreach (KeyMatch m in matches)
        {
            m.Key.Key.CopyKeyTo(bytes);
            if (seen.Add((BitConverter.ToUInt64(bytes), BitConverter.ToUInt64(bytes[8..]))))
            {
                unique.Add(m);
            }
        }

        return new MatchResult(processed, skipped, unique.AsReadOnly());
    }
}
