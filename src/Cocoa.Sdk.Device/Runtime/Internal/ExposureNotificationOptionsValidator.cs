using Microsoft.Extensions.Options;

namespace Cocoa.Sdk.Runtime.Internal;

/// <summary>Rejects settings that would break the protocol or the privacy promises.</summary>
internal sealed class ExposureNotificationOptionsValidator : IValidateOptions<ExposureNotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, ExposureNotificationOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            errors.Add("DatabasePath is required.");
        }

        if (options.Regions is null || options.Regions.Count == 0 || options.Regions.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add("Regions must list at least one non-empty region.");
        }

        if ((uint)options.Calibration.Confidence > 3)
        {
            errors.Add("Calibration.Confidence is not a defined value.");
        }

        if (options.Calibration.TxPowerDbm is < -60 or > 20)
        {
            errors.Add("Calibration.TxPowerDbm must be between -60 and 20 dBm (receivers discard other values).");
        }

        if (options.ScanDuration <= TimeSpan.Zero || options.ScanDuration > TimeSpan.FromMinutes(1))
        {
            errors.Add("ScanDuration must be more than 0 and at most 1 minute.");
        }

        if (options.ScanInterval < TimeSpan.FromSeconds(60) || options.ScanInterval > TimeSpan.FromMinutes(5))
        {
            errors.Add("ScanInterval must be between 60 s and 5 minutes (the specification requires discovery within 5 minutes).");
        }

        if (options.ScanIntervalRandomRange < TimeSpan.Zero || options.ScanInterval - options.ScanIntervalRandomRange < TimeSpan.FromSeconds(60))
        {
            errors.Add("ScanIntervalRandomRange must be non-negative and leave at least 60 s between scans.");
        }

        if (options.ScanInterval - options.ScanIntervalRandomRange <= options.ScanDuration)
        {
            errors.Add("Scan windows must not overlap: ScanInterval - ScanIntervalRandomRange must exceed ScanDuration.");
        }

        if (options.MinimumRotationInterval < TimeSpan.FromMinutes(1) || options.MaximumRotationInterval < options.MinimumRotationInterval
            || options.MaximumRotationInterval > TimeSpan.FromMinutes(20))
        {
            errors.Add("Rotation intervals must satisfy 1 min <= MinimumRotationInterval <= MaximumRotationInterval <= 20 min.");
        }

        if (options.RetentionPeriod < TimeSpan.FromDays(1) || options.RetentionPeriod > TimeSpan.FromDays(14))
        {
            errors.Add("RetentionPeriod must be between 1 and 14 days.");
        }

        if (options.MaintenanceInterval <= TimeSpan.Zero || options.MaintenanceInterval > TimeSpan.FromDays(1))
        {
            errors.Add("MaintenanceInterval must be more than 0 and at most 1 day.");
        }

        if (options.ExposureConfiguration is null || options.RiskCalculationConfiguration is null)
        {
            errors.Add("ExposureConfiguration and RiskCalculationConfiguration are required.");
        }

        if (options.Guidance is null || string.IsNullOrWhiteSpace(options.Guidance.Title) || string.IsNullOrWhiteSpace(options.Guidance.Message))
        {
            errors.Add("Guidance needs a title and a message.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
