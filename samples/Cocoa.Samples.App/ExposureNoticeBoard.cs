using Cocoa.Sdk.Runtime;

namespace Cocoa.Samples.App;

/// <summary>
/// The app's one receiver of the SDK's notification channel: registered as the runtime's
/// <see cref="IExposureDetectedHandler"/>, it turns each new high-risk day into an <see cref="ExposureNotice"/> (on a
/// phone: a local notification), whether the check was started by the user, the background scheduler or anything else.
/// </summary>
/// <threadsafety>All members are thread-safe.</threadsafety>
public sealed class ExposureNoticeBoard : IExposureDetectedHandler
{
    private readonly Lock _lock = new();
    private readonly List<ExposureNotice> _notices = [];

    /// <summary>Raised when a notice is shown (once per new contact day).</summary>
    public event EventHandler<ExposureNotice>? NoticeShown;

    /// <summary>Gets every notice shown so far, oldest first.</summary>
    public IReadOnlyList<ExposureNotice> Notices
    {
        get { lock (_lock) { return _notices.ToArray(); } }
    }

    /// <inheritdoc/>
    public Task OnExposureDetectedAsync(ExposureDetectedEventArgs exposure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exposure);
        ExposureNotice notice = ExposureNotice.For(exposure.Day);
        lock (_lock)
        {
            _notices.Add(notice);
        }

        NoticeShown?.Invoke(this, notice);
        return Task.CompletedTask;
    }

    /// <summary>Forgets every notice (consent withdrawn).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _notices.Clear();
        }
    }
}
