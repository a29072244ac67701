namespace Cocoa.Sdk.Runtime.Internal;

/// <summary>Builds the export reader and the matcher/scorer used by exposure checks from the options.</summary>
internal static class DefaultCheckComponents
{
    public static IExportFileReader? CreateReader(ExposureNotificationOptions options) => null;

    public static IExposureEvaluator? CreateEvaluator(ExposureNotificationOptions options) => null;
}
