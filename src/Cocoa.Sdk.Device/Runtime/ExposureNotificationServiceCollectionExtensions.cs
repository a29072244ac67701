using Cocoa.Sdk.Runtime.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cocoa.Sdk.Runtime;

/// <summary>Registers the exposure-notification runtime in a service collection.</summary>
public static class ExposureNotificationServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ExposureNotificationClient"/> (singleton) with validated <see cref="ExposureNotificationOptions"/>
    /// and <see cref="TimeProvider.System"/> unless another clock is registered. The app registers its platform's
    /// <see cref="IBleAdvertiser"/> and <see cref="IBleScanner"/>, an <see cref="IExportFileSource"/> (the notification
    /// server's download client) and optionally <see cref="IExposureDetectedHandler"/>s and logging.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options (at least <see cref="ExposureNotificationOptions.DatabasePath"/>).</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddCocoaExposureNotification(this IServiceCollection services, Action<ExposureNotificationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<ExposureNotificationOptions>().Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ExposureNotificationOptions>, ExposureNotificationOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ExposureNotificationClient>();
        return services;
    }
}
