using Cocoa.Samples.App;
using Cocoa.Sdk.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Cocoa.EndToEnd.Tests.DocSamples;

// Code of docs/app-developers.md that does not depend on a mobile platform; DocSnippetTests checks that the guide
// quotes it verbatim, so the guide cannot drift from code that compiles.

/// <summary>Shows a local notification (the platform's notification API sits behind <see cref="INotificationPresenter"/>).</summary>
public interface INotificationPresenter
{
    /// <summary>Shows one notification.</summary>
    Task ShowAsync(string title, string body, CancellationToken cancellationToken);
}

/// <summary>Turns each new high-risk day into the notice the user sees, in Japanese with English below.</summary>
public sealed class LocalNotificationHandler(INotificationPresenter presenter) : IExposureDetectedHandler
{
    public Task OnExposureDetectedAsync(ExposureDetectedEventArgs exposure, CancellationToken cancellationToken)
    {
        ExposureNotice notice = ExposureNotice.For(exposure.Day);
        return presenter.ShowAsync(notice.Title.Ja, notice.Body.Ja + "\n\n" + notice.Body.En, cancellationToken);
    }
}

/// <summary>What both platforms' background schedulers run.</summary>
public static class BackgroundExposureCheck
{
    /// <summary>Runs one exposure check; returns false when the scheduler should retry later.</summary>
    public static async Task<bool> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        CocoaApp app = services.GetRequiredService<CocoaApp>();
        try
        {
            ExposureCheckOutcome outcome = await app.CheckExposureAsync(cancellationToken);
            return outcome.Succeeded;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
        {
            return false; // nothing on the phone changed; the next run resumes after the last processed file
        }
    }
}
