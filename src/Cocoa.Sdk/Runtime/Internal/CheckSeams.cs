using Cocoa.Sdk.Export;
using Cocoa.Sdk.Storage.Internal;

namespace Cocoa.Sdk.Runtime.Internal;

/// <summary>Reads the diagnosis keys of one export zip after verifying its signature against the trusted keys.</summary>
internal interface IExportFileReader
{
    /// <summary>Returns the file's keys; throws (the export reader's typed exception) when the file is malformed or unverified.</summary>
    Task<IReadOnlyList<DiagnosisKey>> ReadVerifiedKeysAsync(Stream exportZip, CancellationToken cancellationToken);
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
    IReadOnlyList<ExposureDayRecord> Evaluate(IReadOnlyList<DiagnosisKey> keys, CancellationToken cancellationToken);
}
