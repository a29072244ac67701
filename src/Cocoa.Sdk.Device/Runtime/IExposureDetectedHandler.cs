namespace Cocoa.Sdk.Runtime;

/// <summary>
/// Implemented by the app (and registered in DI) to show a local notification when a new high-risk day is found.
/// Called once per new high-risk day, after the result is stored.
/// </summary>
public interface IExposureDetectedHandler
{
    /// <summary>Handles a new high-risk day.</summary>
    /// <param name="exposure">The day and the guidance to show.</param>
    /// <param name="cancellationToken">Cancels the handler.</param>
    /// <returns>A task that completes when the app has handled the event.</returns>
    Task OnExposureDetectedAsync(ExposureDetectedEventArgs exposure, CancellationToken cancellationToken);
}
