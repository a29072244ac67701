using Cocoa.Sdk.Export;

namespace Cocoa.Sdk.Runtime.Internal;

/// <summary>Builds the export reader and the matcher/scorer used by exposure checks from the options.</summary>
internal static class DefaultCheckComponents
{
    /// <summary>The verifying export reader, or <see langword="null"/> when no trusted key is configured and unverified files are not allowed.</summary>
    public static IExportFileReader? CreateReader(ExposureNotificationOptions options)
    {
        if (options.TrustedExportKeys is null && !options.AllowUnverifiedExports)
        {
            return null;
        }

        return new ExportFileReaderAdapter(new ExportReaderOptions
        {
            TrustedKeys = options.TrustedExportKeys,
            RequireValidSignature = !options.AllowUnverifiedExports || options.TrustedExportKeys is not null,
        });
    }

    /// <summary>The fast matcher with the configured COCOA configurations.</summary>
    public static IExposureEvaluator? CreateEvaluator(ExposureNotificationOptions options) =>
        new MatcherEvaluator(options.ExposureConfiguration, options.RiskCalculationConfiguration);
}
