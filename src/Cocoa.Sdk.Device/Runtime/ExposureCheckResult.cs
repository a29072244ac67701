namespace Cocoa.Sdk.Runtime;

/// <summary>The outcome of one exposure check.</summary>
/// <param name="Succeeded">Whether every region was listed and every listed file processed or rejected (no network failure left work for the next check).</param>
/// <param name="FilesProcessed">Export files read, matched and committed in this check (their cursors advanced).</param>
/// <param name="KeysProcessed">Diagnosis keys read from those files.</param>
/// <param name="NewHighRiskDays">High-risk days notified for the first time by this check.</param>
/// <param name="Errors">What stopped a region, one line each (no keys or identifiers); the next check resumes there.</param>
/// <param name="RejectedFiles">Files that could not be used (malformed, unverified, gone); skipped for good.</param>
public sealed record ExposureCheckResult(
    bool Succeeded,
    int FilesProcessed,
    long KeysProcessed,
    IReadOnlyList<ExposureDay> NewHighRiskDays,
    IReadOnlyList<string> Errors,
    IReadOnlyList<RejectedExportFile> RejectedFiles);
