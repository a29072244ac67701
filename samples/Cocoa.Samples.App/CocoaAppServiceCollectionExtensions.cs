using Cocoa.Sdk.Ble;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Http;
using Cocoa.Sdk.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Cocoa.Samples.App;

/// <summary>Where the app's servers are and where it keeps its data.</summary>
public sealed class CocoaAppSettings
{
    /// <summary>Gets or sets the notification server's base address (diagnosis API and export files).</summary>
    public required Uri NotificationServer { get; set; }

    /// <summary>Gets or sets the PEM public key that signs export files (shipped with the app, never downloaded).</summary>
    public required string ExportPublicKeyPem { get; set; }

    /// <summary>Gets or sets the app's private data folder (on a phone: <c>FileSystem.AppDataDirectory</c>).</summary>
    public required string DataDirectory { get; set; }

    /// <summary>Gets or sets the platform name sent with a registration (<c>android</c> or <c>ios</c>).</summary>
    public string Platform { get; set; } = "android";

    /// <summary>
    /// Gets or sets this phone's BLE calibration (<c>CalibrationTable.BuiltIn.Lookup(manufacturer, device, model)</c>),
    /// or <see langword="null"/> for the SDK's fleet-wide fallback.
    /// </summary>
    public DeviceCalibration? Calibration { get; set; }
}

/// <summary>Registers the app logic and the SDK services it uses. The platform registers its BLE adapters itself.</summary>
public static class CocoaAppServiceCollectionExtensions
{
    /// <summary>Adds <see cref="CocoaApp"/>, the SDK runtime, the export source and the diagnosis client.</summary>
    /// <param name="services">The services.</param>
    /// <param name="settings">Servers and data folder.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddCocoaApp(this IServiceCollection services, CocoaAppSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ExportPublicKeySet exportKeys = ExportPublicKeySet.FromPem(settings.ExportPublicKeyPem);
        services.AddCocoaExposureNotification(options =>
        {
            options.DatabasePath = Path.Combine(settings.DataDirectory, "exposure-notification.db");
            options.TrustedExportKeys = exportKeys;
            if (settings.Calibration is { } calibration)
            {
                options.Calibration = calibration;
            }
        });
        services.AddHttpClient("cocoa");
        services.AddSingleton<IExportFileSource>(sp => new ExportDownloadClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient("cocoa"),
            new ExportDownloadClientOptions { BaseAddress = settings.NotificationServer },
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ExposureNoticeBoard>();
        services.AddSingleton<IExposureDetectedHandler>(sp => sp.GetRequiredService<ExposureNoticeBoard>());
        services.AddSingleton(sp => new DiagnosisSubmissionClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient("cocoa"),
            new DiagnosisSubmissionClientOptions { BaseAddress = settings.NotificationServer, Platform = settings.Platform },
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CocoaApp>();
        return services;
    }
}
