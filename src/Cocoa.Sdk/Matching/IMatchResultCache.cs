namespace Cocoa.Sdk.Matching;

/// <summary>Remembers the match result of each processed export file, keyed by the file's SHA-256, so it is never matched twice.</summary>
/// <remarks><para>Implementations must be thread-safe. <see cref="InMemoryMatchResultCache"/> keeps results in memory; a persistent
/// implementation (e.g. SQLite) survives restarts.</para></remarks>
public interface IMatchResultCache
{
    /// <summary>Looks up a file's result.</summary>
    /// <param name="fileHash">The file's SHA-256.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The stored result, or <see langword="null"/> when the file was not processed.</returns>
    ValueTask<MatchResult?> GetAsync(ExportFileHash fileHash, CancellationToken cancellationToken = default);

    /// <summary>Stores a file's result.</summary>
    /// <param name="fileHash">The file's SHA-256.</param>
    /// <param name="result">The result of matching it.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the result is stored.</returns>
    ValueTask SetAsync(ExportFileHash fileHash, MatchResult result, CancellationToken cancellationToken = default);
}
