using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;

namespace Cocoa.Sdk.Risk;

/// <summary>A period of at most 30 minutes during which one diagnosis key was heard (Exposure Notification v2 semantics).</summary>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed class ExposureWindow
{
    /// <summary>Creates a window.</summary>
    /// <param name="date">The UTC day the window starts on.</param>
    /// <param name="startUnixSeconds">Time of the first sighting, Unix seconds.</param>
    /// <param name="reportType">The key's report type after mapping (never <see cref="ReportType.Unknown"/>).</param>
    /// <param name="infectiousness">The key's infectiousness after mapping.</param>
    /// <param name="calibrationConfidence">The transmitter's calibration confidence, from the first sighting's metadata.</param>
    /// <param name="scanInstances">The scans of the window, in time order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="scanInstances"/> is null.</exception>
    public ExposureWindow(
        DateOnly date,
        long startUnixSeconds,
        ReportType reportType,
        Infectiousness infectiousness,
        CalibrationConfidence calibrationConfidence,
        IReadOnlyList<ScanInstance> scanInstances)
    {
        ArgumentNullException.ThrowIfNull(scanInstances);
        Date = date;
        StartUnixSeconds = startUnixSeconds;
        ReportType = reportType;
        Infectiousness = infectiousness;
        CalibrationConfidence = calibrationConfidence;
        ScanInstances = scanInstances;
    }

    /// <summary>Gets the UTC day the window starts on.</summary>
    public DateOnly Date { get; }

    /// <summary>Gets the time of the window's first sighting, Unix seconds.</summary>
    public long StartUnixSeconds { get; }

    /// <summary>Gets the report type of the key (after <see cref="DiagnosisKeysDataMapping.ReportTypeWhenMissing"/>).</summary>
    public ReportType ReportType { get; }

    /// <summary>Gets the infectiousness of the key (after the days-since-onset mapping).</summary>
    public Infectiousness Infectiousness { get; }

    /// <summary>Gets the transmitter's calibration confidence.</summary>
    public CalibrationConfidence CalibrationConfidence { get; }

    /// <summary>Gets the scans of the window, in time order.</summary>
    public IReadOnlyList<ScanInstance> ScanInstances { get; }

    /// <summary>Gets the sum of <see cref="ScanInstance.SecondsSinceLastScan"/> over the window.</summary>
    public int SecondsSinceLastScanSum
    {
        get
        {
            int sum = 0;
            foreach (ScanInstance s in ScanInstances)
            {
                sum += s.SecondsSinceLastScan;
            }

            return sum;
        }
    }
}
