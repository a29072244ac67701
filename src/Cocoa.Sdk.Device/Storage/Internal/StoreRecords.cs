using Cocoa.Sdk.Crypto;

namespace Cocoa.Sdk.Storage.Internal;

/// <summary>One of this device's own temporary exposure keys as stored.</summary>
internal readonly record struct StoredKey(long Id, TemporaryExposureKey Key, DateTimeOffset CreatedAt);

/// <summary>One received EN advertisement: the random identifier, its encrypted metadata, signal strength and time. Nothing else.</summary>
internal readonly record struct SightingRecord(RollingProximityIdentifier Rpi, AssociatedEncryptedMetadata Aem, int Rssi, DateTimeOffset SeenAt);

/// <summary>One scan window of this device (feeds "seconds since last scan").</summary>
internal readonly record struct ScanRecord(DateTimeOffset StartedAt, TimeSpan Duration);

/// <summary>The stored result for one UTC day.</summary>
internal readonly record struct ExposureDayRecord(DateOnly Date, bool HighRisk, double ScoreSum, int ScanSeconds, bool Notified);

/// <summary>The last exposure check.</summary>
internal readonly record struct CheckRecord(DateTimeOffset CheckedAt, bool Succeeded, int FilesProcessed);

/// <summary>What one purge removed.</summary>
internal readonly record struct PurgeCounts(int Keys, int Sightings, int Scans, int Days, int Checks, int ProcessedFiles, int Windows, int RejectedFiles)
{
    public int Total => Keys + Sightings + Scans + Days + Checks + ProcessedFiles + Windows + RejectedFiles;
}

/// <summary>A matched exposure window as stored: the window and a digest of the diagnosis key it came from (for deduplication).</summary>
internal sealed record StoredWindow(byte[] KeyDigest, Cocoa.Sdk.Risk.ExposureWindow Window);

/// <summary>A listed export file that could not be used, and why.</summary>
internal readonly record struct RejectedFileRecord(string Region, string Location, string Reason, DateTimeOffset RejectedAt);
