using Cocoa.Sdk.Export;

namespace Cocoa.Sdk.Matching;

/// <summary>A diagnosis key that was heard, with its sightings in time order.</summary>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed class KeyMatch
{
    /// <summary>Creates a match.</summary>
    /// <param name="key">The diagnosis key.</param>
    /// <param name="inputIndex">The key's 0-based position in the matched key stream.</param>
    /// <param name="sightings">Its sightings, in time order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="sightings"/> is null.</exception>
    public KeyMatch(DiagnosisKey key, long inputIndex, IReadOnlyList<MatchedSighting> sightings)
    {
        ArgumentNullException.ThrowIfNull(sightings);
        Key = key;
        InputIndex = inputIndex;
        Sightings = sightings;
    }

    /// <summary>Gets the diagnosis key.</summary>
    public DiagnosisKey Key { get; }

    /// <summary>Gets the key's 0-based position in the key stream it was matched from.</summary>
    public long InputIndex { get; }

    /// <summary>Gets the sightings of the key's RPIs within its validity ±2 hours, ordered by time (then by input order).</summary>
    public IReadOnlyList<MatchedSighting> Sightings { get; }
}
