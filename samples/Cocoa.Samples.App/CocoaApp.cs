using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Http;
using Cocoa.Sdk.Runtime;
using Cocoa.Sdk.Verification;

namespace Cocoa.Samples.App;

/// <summary>
/// The app's own logic on top of the SDK, without any UI toolkit: consent, home status, positive registration,
/// periodic exposure checks and exposure notices. A MAUI app binds its pages to these methods (docs/app-developers.md);
/// the demo runs one instance per simulated phone.
/// </summary>
/// <threadsafety>All members are thread-safe.</threadsafety>
public sealed class CocoaApp
{
    /// <summary>COCOA's background check interval.</summary>
    public static readonly TimeSpan DefaultCheckInterval = TimeSpan.FromHours(4);

    private readonly ExposureNotificationClient _runtime;
    private readonly DiagnosisSubmissionClient _submission;
    private readonly TimeProvider _time;
    private readonly ExposureNoticeBoard _board;
    private readonly Lock _lock = new();
    private IReadOnlyList<TemporaryExposureKey>? _sharedKeys;
    private DateOnly _sharedOn;

    /// <summary>Creates the app logic.</summary>
    /// <param name="runtime">The SDK's on-device runtime (radio, keys, store, exposure checks).</param>
    /// <param name="submission">The notification server's diagnosis client.</param>
    /// <param name="notices">The notice board the runtime notifies (registered as its <see cref="IExposureDetectedHandler"/>).</param>
    /// <param name="timeProvider">The clock (the demo shares one simulated clock between phones and servers).</param>
    public CocoaApp(ExposureNotificationClient runtime, DiagnosisSubmissionClient submission, ExposureNoticeBoard notices, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(notices);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _runtime = runtime;
        _submission = submission;
        _board = notices;
        _time = timeProvider;
    }

    /// <summary>Raised when an exposure notice is shown (once per new contact day).</summary>
    public event EventHandler<ExposureNotice>? NoticeShown
    {
        add => _board.NoticeShown += value;
        remove => _board.NoticeShown -= value;
    }

    /// <summary>Gets the runtime this app drives.</summary>
    public ExposureNotificationClient Runtime => _runtime;

    /// <summary>Gets every exposure notice shown so far, oldest first.</summary>
    public IReadOnlyList<ExposureNotice> Notices => _board.Notices;

    /// <summary>The user chose <see cref="ConsentScreen.Agree"/>: stores the consent and starts recording contacts.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The home screen afterwards.</returns>
    public async Task<HomeScreen> AgreeAsync(CancellationToken cancellationToken = default)
    {
        await _runtime.GrantConsentAsync(cancellationToken);
        await _runtime.StartAsync(cancellationToken);
        return await GetHomeAsync(cancellationToken);
    }

    /// <summary>Builds the home screen.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The home screen.</returns>
    public Task<HomeScreen> GetHomeAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(HomeScreen.From(_runtime.GetStatus())); // async for UI binding; the status read is local and quick
    }

    /// <summary>
    /// Registers a positive result: checks the text (8 digits or the registration link), takes this phone's daily keys
    /// of the last 14 days from the runtime and submits them with the number. Every failure comes back as a message for the user.
    /// </summary>
    /// <param name="numberOrLink">The typed number or the registration link.</param>
    /// <param name="onsetOrTestDate">The symptom onset date, or the test date when there were no symptoms.</param>
    /// <param name="hasSymptom">Whether <paramref name="onsetOrTestDate"/> is a symptom onset.</param>
    /// <param name="cancellationToken">Cancels the registration.</param>
    /// <returns>The outcome with the message to show.</returns>
    public async Task<RegistrationOutcome> RegisterPositiveAsync(
        string numberOrLink, DateOnly onsetOrTestDate, bool hasSymptom, CancellationToken cancellationToken = default)
    {
        if (!ProcessingNumber.TryParseInput(numberOrLink, out ProcessingNumber number))
        {
            return RegistrationOutcome.For(RegistrationResult.InvalidFormat);
        }

        if (!_runtime.GetStatus().HasConsent)
        {
            return RegistrationOutcome.For(RegistrationResult.ConsentRequired);
        }

        IReadOnlyList<TemporaryExposureKey> keys = await SharedKeysAsync(cancellationToken);
        var onset = new DateTimeOffset(onsetOrTestDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        DiagnosisSubmissionResult result = await _submission.SubmitAsync(number, keys, hasSymptom, onset, cancellationToken);
        RegistrationOutcome outcome = result.Status switch
        {
            DiagnosisSubmissionStatus.Accepted => RegistrationOutcome.For(RegistrationResult.Registered, keys.Count),
            DiagnosisSubmissionStatus.InvalidProcessingNumber => RegistrationOutcome.For(RegistrationResult.WrongOrExpiredNumber),
            DiagnosisSubmissionStatus.InvalidProcessingNumberFormat => RegistrationOutcome.For(RegistrationResult.InvalidFormat),
            DiagnosisSubmissionStatus.ServerUnavailable => RegistrationOutcome.For(RegistrationResult.CenterUnreachable),
            DiagnosisSubmissionStatus.RejectedInput => RegistrationOutcome.For(RegistrationResult.RejectedData),
            DiagnosisSubmissionStatus.RateLimited => RegistrationOutcome.For(RegistrationResult.TooManyAttempts),
            _ when result.StatusCode == System.Net.HttpStatusCode.Forbidden => RegistrationOutcome.For(RegistrationResult.OutsideJapan),
            _ => RegistrationOutcome.For(RegistrationResult.Unexpected),
        };
        if (outcome.Succeeded)
        {
            lock (_lock)
            {
                _sharedKeys = null;
            }
        }

        return outcome with { HttpStatus = (int?)result.StatusCode };
    }

    /// <summary>
    /// The keys the user agreed to share, released by the runtime once per registration and reused when the user retries
    /// (a typo, an unreachable center). Releasing cuts today's key and starts a new one; releasing again for each attempt
    /// would release a second key of today that overlaps the first, which servers reject.
    /// </summary>
    private async Task<IReadOnlyList<TemporaryExposureKey>> SharedKeysAsync(CancellationToken cancellationToken)
    {
        DateOnly today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        lock (_lock)
        {
            if (_sharedKeys is { } shared && _sharedOn == today)
            {
                return shared;
            }
        }

        IReadOnlyList<TemporaryExposureKey> keys = await _runtime.ReleaseTemporaryExposureKeysAsync(cancellationToken);
        lock (_lock)
        {
            _sharedKeys = keys;
            _sharedOn = today;
        }

        return keys;
    }

    /// <summary>
    /// Runs one exposure check (what the background scheduler calls every few hours): downloads new export files,
    /// matches them against what this phone heard and shows a notice for each new day with a possible contact.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>What the check did and the notices it showed.</returns>
    public async Task<ExposureCheckOutcome> CheckExposureAsync(CancellationToken cancellationToken = default)
    {
        if (!_runtime.GetStatus().HasConsent)
        {
            return new ExposureCheckOutcome(false, [], new("同意がないため確認していません。", "Not checked: no consent."));
        }

        ExposureCheckResult result = await _runtime.CheckExposureAsync(cancellationToken);
        var newDays = result.NewHighRiskDays.Select(d => d.Date).ToHashSet();
        var shown = _board.Notices.Where(n => newDays.Contains(n.Day)).ToList(); // the board got them through the runtime's channel

        Bilingual message = result.Succeeded
            ? new($"接触の確認が完了しました（{result.FilesProcessed}ファイル）。", $"Exposure check complete ({result.FilesProcessed} files).")
            : new("接触の確認を完了できませんでした。次回の確認で再試行します。", "The exposure check could not finish; it will be retried at the next check.");
        return new ExposureCheckOutcome(result.Succeeded, shown, message);
    }

    /// <summary>Runs <see cref="CheckExposureAsync"/> every <paramref name="interval"/> on the app's clock until cancelled.</summary>
    /// <param name="interval">Time between checks (COCOA: 4 hours).</param>
    /// <param name="cancellationToken">Stops the loop.</param>
    /// <returns>A task that ends when cancelled.</returns>
    public async Task RunPeriodicChecksAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, _time, cancellationToken);
                await CheckExposureAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or IOException)
            {
                // A failed check changes nothing on the phone; the next one picks up where this one stopped.
            }
        }
    }

    /// <summary>Withdraws consent: stops recording and erases every key, contact record and notice on this phone.</summary>
    /// <param name="cancellationToken">Cancels waiting for a running operation.</param>
    /// <returns>The home screen afterwards.</returns>
    public async Task<HomeScreen> WithdrawAsync(CancellationToken cancellationToken = default)
    {
        await _runtime.WithdrawConsentAsync(cancellationToken);
        _board.Clear();
        lock (_lock)
        {
            _sharedKeys = null;
        }

        return await GetHomeAsync(cancellationToken);
    }
}

/// <summary>The outcome of one exposure check as the app presents it.</summary>
/// <param name="Succeeded">Whether every new file was processed.</param>
/// <param name="NewNotices">The notices shown by this check.</param>
/// <param name="Message">A status line.</param>
public sealed record ExposureCheckOutcome(bool Succeeded, IReadOnlyList<ExposureNotice> NewNotices, Bilingual Message);
