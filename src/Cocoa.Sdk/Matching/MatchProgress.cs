namespace Cocoa.Sdk.Matching;

/// <summary>Progress of a matching run, reported through <see cref="IProgress{T}"/> at most once per chunk of keys.</summary>
/// <param name="KeysProcessed">Keys processed so far.</param>
/// <param name="KeysMatched">Matched keys so far (before de-duplication).</param>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly record struct MatchProgress(long KeysProcessed, long KeysMatched);
