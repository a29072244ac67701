using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Runtime.Internal;
using Cocoa.Sdk.Storage.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cocoa.Sdk.Runtime;

/// <summary>
/// The app's single entry point to exposure notification: consent and erasure, start/stop of the radio, status, the
/// release of keys for a positive registration, and exposure checks. Register it with
/// <see cref="ExposureNotificationServiceCollectionExtensions.AddCocoaExposureNotification"/>.
/// </summary>
/// <remarks>
/// <para>Before <see cref="GrantConsentAsync"/> nothing is generated, advertised, scanned or stored (not even the
/// database file). While started, a temporary exposure key is kept per UTC day, the RPI and Bluetooth address rotate
/// every 10–20 minutes, a scan of a few seconds runs every few minutes, and what is heard (RPI, AEM, RSSI, time — nothing
/// else) is stored on the device for 14 days. <see cref="WithdrawConsentAsync"/> stops everything and erases every
/// record.</para>
/// <para>Each concern lives in its own part (consent and erasure, radio scheduling, key release, exposure checks,
/// status); this class only wires them together. New high-risk days reach the app through one channel: the
/// <see cref="IExposureDetectedHandler"/>s given to the constructor (registered in DI), called once per day.</para>
/// </remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public sealed class ExposureNotificationClient : IAsyncDisposable
{
    private readonly IBleAdvertiser _advertiser;
    private readonly IBleScanner _scanner;
    private readonly ExposureStore _store;
    private readonly RadioScheduler _radio;
    private readonly ExposureChecks _checks;
    private readonly ConsentAndErasure _consent;
    private readonly KeyRelease _keyRelease;
    private readonly StatusQueries _status;
    private bool _disposed;

    /// <summary>Creates the client (normally done by dependency injection).</summary>
    /// <param name="options">The validated options.</param>
    /// <param name="advertiser">The platform's BLE advertiser.</param>
    /// <param name="scanner">The platform's BLE scanner.</param>
    /// <param name="timeProvider">The clock (use a fake one in tests and simulations).</param>
    /// <param name="exportSource">Where exposure checks get export files from (the notification server's
    /// <see cref="Http.ExportDownloadClient"/>); without it <see cref="CheckExposureAsync"/> is unavailable.</param>
    /// <param name="logger">A logger; never receives keys or identifiers.</param>
    /// <param name="handlers">The app's handlers, called once for each new high-risk day.</param>
    public ExposureNotificationClient(
        IOptions<ExposureNotificationOptions> options,
        IBleAdvertiser advertiser,
        IBleScanner scanner,
        TimeProvider timeProvider,
        IExportFileSource? exportSource = null,
        ILogger<ExposureNotificationClient>? logger = null,
        IEnumerable<IExposureDetectedHandler>? handlers = null)
        : this(options, advertiser, scanner, timeProvider, exportSource, logger, handlers, null)
    {
    }

    internal ExposureNotificationClient(
        IOptions<ExposureNotificationOptions> options,
        IBleAdvertiser advertiser,
        IBleScanner scanner,
        TimeProvider timeProvider,
        IExportFileSource? exportSource,
        ILogger? logger,
        IEnumerable<IExposureDetectedHandler>? handlers,
        IRandomSource? random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(advertiser);
        ArgumentNullException.ThrowIfNull(scanner);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ExposureNotificationOptions settings = options.Value;
        ValidateOptionsResult validation = new ExposureNotificationOptionsValidator().Validate(null, settings);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(ExposureNotificationOptions), typeof(ExposureNotificationOptions), validation.Failures);
        }

        ILogger log = logger ?? NullLogger.Instance;
        _advertiser = advertiser;
        _scanner = scanner;
        _store = new ExposureStore(settings.DatabasePath, settings.DurableWrites);
        var keys = new KeySchedule(_store);
        IRandomSource jitter = random ?? (settings.ScheduleJitterSeed is int seed ? new SeededRandomSource(seed) : CryptoRandomSource.Instance);
        _radio = new RadioScheduler(settings, advertiser, scanner, _store, keys, jitter, timeProvider, log);
        _checks = new ExposureChecks(_store, exportSource, settings, handlers?.ToList() ?? [], timeProvider, log);
        _consent = new ConsentAndErasure(_store, _radio, _checks, timeProvider, log);
        _keyRelease = new KeyRelease(keys, _radio, _consent, settings, timeProvider, log);
        _status = new StatusQueries(_store, _radio, settings, timeProvider);
        _advertiser.StateChanged += OnBluetoothStateChanged;
        _scanner.StateChanged += OnBluetoothStateChanged;
    }

    /// <summary>Raised when the state shown by <see cref="GetStatus"/> may have changed (consent, start/stop, Bluetooth).</summary>
    public event EventHandler? StatusChanged;

    /// <summary>Gets the full path of the on-device database file.</summary>
    public string DatabasePath => _store.DatabasePath;

    internal ExposureStore Store => _store;

    /// <summary>Records that the user agreed to exposure notification. Creates the on-device store; starts nothing.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when consent is stored.</returns>
    public async Task GrantConsentAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await _consent.GrantAsync(cancellationToken).ConfigureAwait(false);
        RaiseStatusChanged();
    }

    /// <summary>
    /// Withdraws consent: stops advertising, scanning and any running check, then erases every key, sighting, scan,
    /// exposure window, result, cursor and the consent itself. Exposure notification stays off until consent is granted again.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for a running operation (the erase itself is not interrupted).</param>
    /// <returns>A task that completes when the store is empty.</returns>
    public async Task WithdrawConsentAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await _consent.WithdrawAsync(cancellationToken).ConfigureAwait(false);
        RaiseStatusChanged();
    }

    /// <summary>
    /// Starts exposure notification: purges expired data, starts advertising the current key's RPI (rotating on a
    /// randomised 10–20 minute schedule and at each UTC midnight) and the scan duty cycle.
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when advertising and scanning are scheduled.</returns>
    /// <exception cref="ConsentRequiredException">The user has not agreed.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await _radio.WithGateAsync(
            async () =>
            {
                _consent.RequireConsent();
                await _radio.StartCoreAsync().ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
        RaiseStatusChanged();
    }

    /// <summary>Stops advertising and scanning. Stored data is kept (and still expires after 14 days).</summary>
    /// <param name="cancellationToken">Cancels waiting for a running radio operation.</param>
    /// <returns>A task that completes when nothing is broadcast or scanned.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _radio.WithGateAsync(
            async () =>
            {
                await _radio.StopCoreAsync().ConfigureAwait(false);
                return true;
            },
            cancellationToken).ConfigureAwait(false);
        RaiseStatusChanged();
    }

    /// <summary>Gets what the app should show: state, Bluetooth, last check and high-risk days. Reads the store; changes nothing.</summary>
    /// <returns>The status.</returns>
    public ExposureNotificationStatus GetStatus()
    {
        ThrowIfDisposed();
        return _status.GetStatus();
    }

    /// <summary>Gets the stored results of every day with a match (high risk or not) within the retention period. Changes nothing.</summary>
    /// <returns>The days, oldest first.</returns>
    public IReadOnlyList<ExposureDay> GetExposureDays()
    {
        ThrowIfDisposed();
        return _status.GetExposureDays();
    }

    /// <summary>
    /// Releases this device's keys of the last 14 days for a positive registration (submit them with the processing
    /// number). The key in use today is released with its rolling period cut at the current interval, and a fresh key
    /// takes over for the rest of the day, so contacts up to now can be notified and the released key is never
    /// broadcast again. Call it once per registration: each call releases (and replaces) the key in use.
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The keys, oldest first (at most one per day, plus today's released key).</returns>
    /// <exception cref="ConsentRequiredException">The user has not agreed.</exception>
    public Task<IReadOnlyList<TemporaryExposureKey>> ReleaseTemporaryExposureKeysAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _keyRelease.ReleaseAsync(cancellationToken);
    }

    /// <summary>
    /// Runs an exposure check: for every configured region, streams each new export file through verification and the
    /// matcher, stores the matched exposure windows, recomputes the daily results from every window of the retention
    /// period (however the server split the keys into files) and notifies each new high-risk day once.
    /// Call it from the app's background scheduler (COCOA: every 4 hours) or on demand.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check; files already committed stay processed and the next check resumes after them.</param>
    /// <returns>What the check did.</returns>
    /// <exception cref="ConsentRequiredException">The user has not agreed.</exception>
    /// <exception cref="InvalidOperationException">No export source or no trusted export key is configured.</exception>
    public Task<ExposureCheckResult> CheckExposureAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _checks.RunAsync(
            () =>
            {
                _consent.RequireConsent();
                _radio.PurgeExpired();
            },
            cancellationToken);
    }

    /// <summary>Deletes keys, sightings, scans, windows and results older than the retention period (14 days). Runs automatically on start and hourly while started.</summary>
    /// <param name="cancellationToken">Cancels waiting for a running radio operation.</param>
    /// <returns>A task that completes when the purge is done.</returns>
    public Task RunMaintenanceAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        return _radio.WithGateAsync(
            () =>
            {
                _radio.PurgeExpired();
                return Task.FromResult(true);
            },
            cancellationToken);
    }

    /// <summary>Stops advertising and scanning and releases the database connections. Stored data is kept.</summary>
    /// <returns>A task that completes when stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _checks.CancelRunning();
        await _radio.WithGateAsync(
            async () =>
            {
                await _radio.StopCoreAsync().ConfigureAwait(false);
                _disposed = true;
                return true;
            },
            CancellationToken.None).ConfigureAwait(false);
        _advertiser.StateChanged -= OnBluetoothStateChanged;
        _scanner.StateChanged -= OnBluetoothStateChanged;
        _store.Dispose();
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private void OnBluetoothStateChanged(object? sender, EventArgs e)
    {
        _radio.OnBluetoothStateChanged();
        RaiseStatusChanged();
    }

    private void RaiseStatusChanged() => StatusChanged?.Invoke(this, EventArgs.Empty);
}
