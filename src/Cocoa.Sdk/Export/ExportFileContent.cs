namespace Cocoa.Sdk.Export;

/// <summary>The content of one export file: batch fields, keys and revised keys, in the order they are written.</summary>
/// <param name="Batch">The batch fields (time window, region, batch number and size).</param>
/// <param name="Keys">The keys (field <c>keys</c>), written in this order.</param>
/// <param name="RevisedKeys">The revised keys (field <c>revised_keys</c>), written in this order.</param>
/// <param name="PaddingKeyCount">How many random padding keys <c>ExportBatcher</c> (Cocoa.Sdk.Server) added to the batch (reported on its
/// first file; padding keys are mixed with the real ones by the ordering).</param>
/// <threadsafety>This type is immutable if the lists are; it is then thread-safe.</threadsafety>
public sealed record ExportFileContent(
    ExportBatchInfo Batch,
    IReadOnlyList<DiagnosisKey> Keys,
    IReadOnlyList<DiagnosisKey> RevisedKeys,
    int PaddingKeyCount = 0);
