using System.Collections.Concurrent;

namespace Cocoa.Sdk.Matching;

/// <summary>An <see cref="IMatchResultCache"/> in process memory.</summary>
/// <threadsafety>All members are thread-safe.</threadsafety>
public sealed class InMemoryMatchResultCache : IMatchResultCache
{
    private readonly ConcurrentDictionary<ExportFileHash, MatchResult> _results = new();

    /// <summary>Gets the number of files cached.</summary>
    public int Count => _results.Count;

    /// <inheritdoc/>
    public ValueTask<MatchResult?> GetAsync(ExportFileHash fileHash, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_results.TryGetValue(fileHash, out MatchResult? result) ? result : null);
    }

    /// <inheritdoc/>
    public ValueTask SetAsync(ExportFileHash fileHash, MatchResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        cancellationToken.ThrowIfCancellationRequested();
        _results[fileHash] = result;
        return ValueTask.CompletedTask;
    }
}
