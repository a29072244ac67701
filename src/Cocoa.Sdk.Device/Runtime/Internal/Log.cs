using Microsoft.Extensions.Logging;

namespace Cocoa.Sdk.Runtime.Internal;

/// <summary>Every log line of the runtime. Messages carry counts, states and times only: never keys, identifiers or metadata.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Consent granted; the exposure store was created")]
    public static partial void ConsentGranted(ILogger logger);

    [LoggerMessage(2, LogLevel.Information, "Consent withdrawn; everything stopped and every stored record was erased")]
    public static partial void ConsentWithdrawn(ILogger logger);

    [LoggerMessage(3, LogLevel.Information, "Exposure notification started (Bluetooth {State})")]
    public static partial void Started(ILogger logger, BluetoothState state);

    [LoggerMessage(4, LogLevel.Information, "Exposure notification stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(5, LogLevel.Debug, "Advertising rotated; next rotation in {Delay}")]
    public static partial void Rotated(ILogger logger, TimeSpan delay);

    [LoggerMessage(6, LogLevel.Debug, "Scan stored: {Count} advertisements, {Ignored} malformed ignored")]
    public static partial void ScanStored(ILogger logger, int count, int ignored);

    [LoggerMessage(7, LogLevel.Debug, "Scan skipped: Bluetooth {State}, nothing recorded")]
    public static partial void ScanSkipped(ILogger logger, BluetoothState state);

    [LoggerMessage(8, LogLevel.Information, "Bluetooth state changed to {State}")]
    public static partial void BluetoothChanged(ILogger logger, BluetoothState state);

    [LoggerMessage(9, LogLevel.Information, "Retention purge removed {Count} records")]
    public static partial void Purged(ILogger logger, int count);

    [LoggerMessage(10, LogLevel.Information, "Key history released for a positive registration: {Count} keys")]
    public static partial void KeysReleased(ILogger logger, int count);

    [LoggerMessage(11, LogLevel.Warning, "Background radio task failed")]
    public static partial void RadioTaskFailed(ILogger logger, Exception exception);

    [LoggerMessage(20, LogLevel.Information, "Exposure check finished: success {Succeeded}, {Files} files, {Keys} keys, {NewDays} new high-risk days")]
    public static partial void CheckFinished(ILogger logger, bool succeeded, int files, long keys, int newDays);

    [LoggerMessage(21, LogLevel.Warning, "Exposure check: a file of region {Region} could not be downloaded ({Failure}); the next check resumes there")]
    public static partial void FileUnavailable(ILogger logger, string region, string failure);

    [LoggerMessage(24, LogLevel.Warning, "Exposure check: a file of region {Region} was rejected and skipped: {Reason}")]
    public static partial void FileRejected(ILogger logger, string region, string reason);

    [LoggerMessage(22, LogLevel.Warning, "Exposure check: region {Region} stopped: {Reason}")]
    public static partial void CheckRegionFailed(ILogger logger, string region, string reason);

    [LoggerMessage(23, LogLevel.Warning, "An exposure handler failed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception);
}
