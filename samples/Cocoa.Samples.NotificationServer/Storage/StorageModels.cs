namespace Cocoa.Samples.NotificationServer.Storage;

/// <summary>A validated key ready to store (one row per region).</summary>
/// <param name="Region">Region code.</param>
/// <param name="KeyData">16 key bytes.</param>
/// <param name="RollingStart">ENIntervalNumber of the first interval.</param>
/// <param name="RollingPeriod">1..144.</param>
/// <param name="TransmissionRisk">Derived transmission risk level.</param>
/// <param name="ReportType">Report type (1 = confirmed test).</param>
/// <param name="DaysSinceOnset">-14..14.</param>
/// <param name="AvailableAt">Unix seconds from which the key may be published (embargo).</param>
internal sealed record StoredKey(
    string Region,
    byte[] KeyData,
    long RollingStart,
    int RollingPeriod,
    int TransmissionRisk,
    int ReportType,
    int DaysSinceOnset,
    long AvailableAt);

/// <summary>One signed export file to persist with its batch.</summary>
/// <param name="Content">The zip bytes.</param>
/// <param name="KeyCount">Keys in the file, padding included.</param>
internal sealed record StoredExportFile(byte[] Content, int KeyCount);

/// <summary>A published export file as listed in list.json.</summary>
/// <param name="Id">Batch number used in the file name.</param>
/// <param name="Region">Region code.</param>
/// <param name="Created">Monotonic creation time in Unix milliseconds.</param>
/// <param name="KeyCount">Keys in the file, padding included.</param>
/// <param name="Sha256">SHA-256 of the zip.</param>
internal sealed record ExportFileEntry(long Id, string Region, long Created, int KeyCount, byte[] Sha256);

/// <summary>A published export file with its content.</summary>
/// <param name="Entry">The listing entry.</param>
/// <param name="Content">The zip bytes.</param>
internal sealed record ExportFileBlob(ExportFileEntry Entry, byte[] Content);

/// <summary>What one publish call did.</summary>
/// <param name="BatchId">The batch id, or 0 when nothing was published.</param>
/// <param name="RealKeys">Stored keys that went into the batch.</param>
/// <param name="Files">Files written.</param>
internal sealed record PublishedBatch(long BatchId, int RealKeys, IReadOnlyList<ExportFileEntry> Files);

/// <summary>Builds the export files for the keys of one batch (called inside the storage transaction).</summary>
/// <param name="keys">The keys claimed for the batch.</param>
/// <param name="batchId">The batch id.</param>
/// <param name="cancellationToken">Cancels the build.</param>
/// <returns>The files to store, in order.</returns>
internal delegate Task<IReadOnlyList<StoredExportFile>> ExportFileBuilder(IReadOnlyList<StoredKey> keys, long batchId, CancellationToken cancellationToken);
