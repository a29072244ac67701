using Cocoa.Sdk.Ble;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Risk;

namespace Cocoa.Sdk.Runtime;

/// <summary>Settings of the on-device exposure-notification runtime. Defaults follow the platforms' behaviour (gaen.md §3) and COCOA.</summary>
public sealed class ExposureNotificationOptions
{
    /// <summary>Gets or sets the path of the SQLite database file (created when the user consents). Required.</summary>
    public string DatabasePath { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets whether every database commit is flushed to storage before it returns (default <see langword="true"/>:
    /// nothing committed is lost even on power loss). <see langword="false"/> keeps commits safe from app crashes but may
    /// lose the last few on power loss; it makes large simulations much faster. A crash never leaves half a write either way.
    /// </summary>
    public bool DurableWrites { get; set; } = true;

    /// <summary>Gets or sets the regions whose export files the exposure check downloads (COCOA: "440").</summary>
    public IList<string> Regions { get; set; } = ["440"];

    /// <summary>
    /// Gets or sets this device's BLE calibration: the TX power broadcast in the metadata and the RSSI correction applied
    /// to what it hears. Look it up with <c>CalibrationTable.BuiltIn.Lookup(manufacturer, device, model)</c>; the default
    /// is a fleet-wide fallback (TX −23 dBm, correction 4 dB, lowest confidence).
    /// </summary>
    public DeviceCalibration Calibration { get; set; } = new(-23, 4, CalibrationConfidence.Lowest, CalibrationSource.Fleet);

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

    /// <summary>Gets or sets the public keys trusted to sign export files (the notification server's, shipped with the app). Required for exposure checks unless <see cref="AllowUnverifiedExports"/>. This is the only place trust is configured: every export file of a check is verified against it.</summary>
    public ExportPublicKeySet? TrustedExportKeys { get; set; }

    /// <summary>Gets or sets whether exposure checks accept export files without verifying signatures (tests and simulations only).</summary>
    public bool AllowUnverifiedExports { get; set; }

    /// <summary>Gets or sets the exposure configuration (COCOA's <c>configuration.json</c>: attenuation buckets and weights); default COCOA production.</summary>
    public CocoaExposureConfiguration ExposureConfiguration { get; set; } = CocoaExposureConfiguration.Production;

    /// <summary>Gets or sets the risk rule (COCOA's <c>risk_calculation_configuration.json</c>); default COCOA production: score sum ≥ 1350 and ≥ 900 s of scans.</summary>
    public CocoaRiskCalculationConfiguration RiskCalculationConfiguration { get; set; } = CocoaRiskCalculationConfiguration.Production;

    /// <summary>
    /// Gets or sets a seed for the jitter of the rotation and scan schedules, for reproducible simulations and tests only.
    /// <see langword="null"/> (the default, and the only value for a real device) draws the jitter from the CSPRNG so the
    /// timing of advertisements cannot be predicted.
    /// </summary>
    public int? ScheduleJitterSeed { get; set; }

    /// <summary>Gets or sets the text shown for a new high-risk day.</summary>
    public ExposureGuidance Guidance { get; set; } = ExposureGuidance.Japanese;
}
