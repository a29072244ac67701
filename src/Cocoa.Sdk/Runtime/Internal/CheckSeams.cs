using Cocoa.Sdk.Export;
using Cocoa.Sdk.Storage.Internal;

namespace Cocoa.Sdk.Runtime.Internal;

/// <summary>Opens one export zip, verifying its signature against the trusted keys before any key is handed out.</summary>
internal interface IExportFileReader
{
    /// <summary>Opens the file; throws (the export reader's typed exception) when it is malformed or unverified.</summary>
    Task<IVerifiedExport> OpenVerifiedAsync(Stream exportZip, CancellationToken cancellationToken);
}

/// <summary>A verified export file whose keys can be streamed.</summary>
internal interface IVerifiedExport : IAsyncDisposable
{
    /// <summary>Gets the number of keys in the file.</summary>
    long KeyCount { get; }

    /// <summary>Streams the keys, one at a time.</summary>
    IAsyncEnumerable<DiagnosisKey> ReadKeysAsync(CancellationToken cancellationToken);
}

/// <summary>Matches diagnosis keys against this device's sightings and scores the result per UTC day.</summary>
internal interface IExposureEvaluator
{
    /// <summary>Prepares matching against one snapshot of the store (the sightings index is built once per check).</summary>
    IExposureEvaluation Begin(IReadOnlyList<SightingRecord> sightings, IReadOnlyList<ScanRecord> scans, int rssiCorrectionDb, DateTimeOffset now);
}

/// <summary>Matching within one check.</summary>
internal interface IExposureEvaluation
{
    /// <summary>Returns the days (any risk) on which one file's keys matched.</summary>
    Task<IReadOnlyList<ExposureDayRecord>> EvaluateAsync(IAsyncEnumerable<DiagnosisKey> keys, CancellationToken cancellationToken);
}
