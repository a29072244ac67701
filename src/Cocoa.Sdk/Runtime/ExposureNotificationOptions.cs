using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;

namespace Cocoa.Sdk.Runtime;

/// <summary>Settings of the on-device exposure-notification runtime. Defaults follow the platforms' behaviour (gaen.md §3) and COCOA.</summary>
public sealed class ExposureNotificationOptions
{
    /// <summary>Gets or sets the path of the SQLite database file (created when the user consents). Required.</summary>
    public string DatabasePath { get; set; } = string.Empty;

    /// <summary>Gets or sets the regions whose export files the exposure check downloads (COCOA: "440").</summary>
    public IList<string> Regions { get; set; } = ["440"];

    /// <summary>Gets or sets this device's calibrated TX power in dBm, from the calibration table; broadcast in the metadata.</summary>
    public sbyte TxPowerDbm { get; set; } = -23;

    /// <summary>Gets or sets this device's RSSI correction in dB, from the calibration table; applied to what it hears.</summary>
    public int RssiCorrectionDb { get; set; } = 4;

    /// <summary>Gets or sets how well this device model is calibrated.</summary>
    public CalibrationConfidence CalibrationConfidence { get; set; } = CalibrationConfidence.Lowest;

    /// <summary>Gets or sets the nominal time between scan windows (platform default 300 s).</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>Gets or sets the random amount subtracted from each scan interval (platform default 90 s, giving 210–300 s).</summary>
    public TimeSpan ScanIntervalRandomRange { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>Gets or sets how long each scan window listens (platform default 4 s).</summary>
    public TimeSpan ScanDuration { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Gets or sets the shortest time between RPI (and Bluetooth address) rotations.</summary>
    public TimeSpan MinimumRotationInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets the longest time between RPI (and Bluetooth address) rotations.</summary>
    public TimeSpan MaximumRotationInterval { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>Gets or sets how long keys, sightings, scans and results are kept (at most 14 days).</summary>
    public TimeSpan RetentionPeriod { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Gets or sets how often stale data is purged while running.</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets the public keys trusted to sign export files (the notification server's). Required for exposure checks unless <see cref="AllowUnverifiedExports"/>.</summary>
    public ExportPublicKeySet? TrustedExportKeys { get; set; }

    /// <summary>Gets or sets whether exposure checks accept export files without verifying signatures (tests and simulations only).</summary>
    public bool AllowUnverifiedExports { get; set; }

    /// <summary>Gets or sets how many times a failed download is tried in one check (1 = no retry).</summary>
    public int DownloadAttempts { get; set; } = 4;

    /// <summary>Gets or sets the delay before the first retry; each further retry doubles it.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the text shown for a new high-risk day.</summary>
    public ExposureGuidance Guidance { get; set; } = ExposureGuidance.Japanese;
}
