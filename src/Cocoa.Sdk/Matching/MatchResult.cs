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
}
