namespace Cocoa.Sdk.Runtime;

/// <summary>The outcome of one exposure check.</summary>
/// <param name="Succeeded">Whether every region was listed and every new file processed.</param>
/// <param name="FilesProcessed">Export files fully processed in this check (their cursors advanced).</param>
/// <param name="KeysProcessed">Diagnosis keys read from those files.</param>
/// <param name="NewHighRiskDays">High-risk days found for the first time in this check (each also raised as an event).</param>
/// <param name="Errors">What went wrong, one line per failed region (no keys or identifiers).</param>
public sealed record ExposureCheckResult(
    bool Succeeded,
    int FilesProcessed,
    long KeysProcessed,
    IReadOnlyList<ExposureDay> NewHighRiskDays,
    IReadOnlyList<string> Errors);
