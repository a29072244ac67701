using Cocoa.Sdk.Verification;

namespace Cocoa.Samples.NotificationServer.Storage;

/// <summary>
/// Storage of submitted diagnosis keys and the records of published export files (their zips go to an
/// <see cref="ExportStorage.IExportStore"/>). Implementations: SQLite (one instance) and PostgreSQL
/// (several instances sharing one database). Every write is one transaction.
/// </summary>
internal interface IKeyStore : IAsyncDisposable
{
    /// <summary>Creates the schema if it does not exist (safe to call concurrently from several instances).</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>A failure counter in this database, shared by every instance on it (abuse limits hold in total).</summary>
    IVerificationFailureCounter CreateFailureCounter(TimeProvider timeProvider);

    /// <summary>Gets the 32-byte secret named <paramref name="name"/>, created at random by the first instance that asks.</summary>
    Task<byte[]> GetOrCreateSecretAsync(string name, CancellationToken cancellationToken);

    /// <summary>Returns whether a submission with this idempotency hash was already stored.</summary>
    Task<bool> IsSubmissionKnownAsync(byte[] idempotencyHash, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a submission's keys in one transaction; keys already stored (same region and key bytes) are skipped.
    /// </summary>
    /// <returns>The number of newly stored key rows.</returns>
    Task<int> StoreSubmissionAsync(byte[] idempotencyHash, IReadOnlyList<StoredKey> keys, long receivedAtUnixSeconds, CancellationToken cancellationToken);

    /// <summary>Acquires or renews a named lease for <paramref name="holder"/>; false when another holder owns an unexpired lease.</summary>
    Task<bool> TryAcquireLeaseAsync(string name, string holder, long nowUnixSeconds, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Releases a lease if <paramref name="holder"/> owns it.</summary>
    Task ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken);

    /// <summary>Returns the distinct export windows (start, Unix seconds) that hold unpublished keys available before <paramref name="availableBefore"/>.</summary>
    Task<IReadOnlyList<long>> GetPendingWindowsAsync(string region, long windowSeconds, long availableBefore, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically claims the unpublished keys of a region available in [<paramref name="from"/>, <paramref name="to"/>),
    /// builds the files with <paramref name="build"/> and stores them; all or nothing.
    /// </summary>
    Task<PublishedBatch> PublishAsync(string region, long from, long to, long nowUnixMilliseconds, ExportFileBuilder build, CancellationToken cancellationToken);

    /// <summary>Lists a region's export files whose zips are in the export store (what phones may see), oldest first.</summary>
    Task<IReadOnlyList<ExportFileEntry>> ListFilesAsync(string region, CancellationToken cancellationToken);

    /// <summary>Gets one listed export file's entry (null when unknown or not yet in the export store).</summary>
    Task<ExportFileEntry?> GetFileAsync(string region, long id, CancellationToken cancellationToken);

    /// <summary>Gets a region's published files whose zips are not yet in the export store, with their content, oldest first.</summary>
    Task<IReadOnlyList<ExportFileBlob>> GetUnstoredFilesAsync(string region, CancellationToken cancellationToken);

    /// <summary>Records that these files' zips are in the export store (so they are listed) and drops their content here.</summary>
    Task MarkStoredAsync(IReadOnlyList<long> ids, long nowUnixSeconds, CancellationToken cancellationToken);

    /// <summary>Deletes keys that started before <paramref name="keyStartBefore"/> (interval number), and files and submissions older than <paramref name="createdBeforeUnixSeconds"/>.</summary>
    Task<(int Keys, int Files)> DeleteExpiredAsync(long keyStartBefore, long createdBeforeUnixSeconds, CancellationToken cancellationToken);

    /// <summary>Counts stored keys (all, and not yet published).</summary>
    Task<(long Total, long Pending)> CountKeysAsync(CancellationToken cancellationToken);
}
