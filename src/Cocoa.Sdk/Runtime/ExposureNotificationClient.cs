using Cocoa.Sdk.Ble;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Runtime.Internal;
using Cocoa.Sdk.Storage.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cocoa.Sdk.Runtime;

/// <summary>
/// The app's single entry point to exposure notification: consent, start/stop, status, the key history for a positive
/// registration, and exposure checks. Register it with
/// <see cref="ExposureNotificationServiceCollectionExtensions.AddCocoaExposureNotification"/>.
/// </summary>
/// <remarks>
/// <para>Before <see cref="GrantConsentAsync"/> nothing is generated, advertised, scanned or stored (not even the
/// database file). While started, a temporary exposure key is kept per UTC day, the RPI and Bluetooth address rotate
/// every 10–20 minutes, a scan of a few seconds runs every few minutes, and what is heard (RPI, AEM, RSSI, time — nothing
/// else) is stored on the device for 14 days. <see cref="WithdrawConsentAsync"/> stops everything and erases every
/// record.</para>
/// </remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public sealed class ExposureNotificationClient : IAsyncDisposable
{
    private readonly ExposureNotificationOptions _options;
    private readonly IBleAdvertiser _advertiser;
    private readonly IBleScanner _scanner;
    private readonly IExportFileSource? _exportSource;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<IExposureDetectedHandler> _handlers;
    private readonly IRandomSource _random;
    private readonly IExportFileReader? _reader;
    private readonly IExposureEvaluator? _evaluator;
    private readonly ExposureStore _store;
    private readonly KeySchedule _keys;
    private readonly SemaphoreSlim _radioGate = new(1, 1);
    private readonly SemaphoreSlim _checkGate = new(1, 1);
    private readonly Lock _checkCtsLock = new();
    private CancellationTokenSource _runCts = new();
    private CancellationTokenSource _checkCts = new();
    private ITimer? _rotationTimer;
    private ITimer? _scanTimer;
    private ITimer? _maintenanceTimer;
    private volatile bool _started;
    private bool _disposed;

    /// <summary>Creates the client (normally done by dependency injection).</summary>
    /// <param name="options">The validated options.</param>
    /// <param name="advertiser">The platform's BLE advertiser.</param>
    /// <param name="scanner">The platform's BLE scanner.</param>
    /// <param name="timeProvider">The clock (use a fake one in tests and simulations).</param>
    /// <param name="exportSource">Where exposure checks download export files from; without it <see cref="CheckExposureAsync"/> is unavailable.</param>
    /// <param name="logger">A logger; never receives keys or identifiers.</param>
    /// <param name="handlers">App handlers called for each new high-risk day.</param>
    public ExposureNotificationClient(
        IOptions<ExposureNotificationOptions> options,
        IBleAdvertiser advertiser,
        IBleScanner scanner,
        TimeProvider timeProvider,
        IExportFileSource? exportSource = null,
        ILogger<ExposureNotificationClient>? logger = null,
        IEnumerable<IExposureDetectedHandler>? handlers = null)
        : this(options, advertiser, scanner, timeProvider, exportSource, logger, handlers, null, null, null)
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
        IRandomSource? random,
        IExportFileReader? reader,
        IExposureEvaluator? evaluator)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(advertiser);
        ArgumentNullException.ThrowIfNull(scanner);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options.Value;
        ValidateOptionsResult validation = new ExposureNotificationOptionsValidator().Validate(null, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(ExposureNotificationOptions), typeof(ExposureNotificationOptions), validation.Failures);
        }

        _advertiser = advertiser;
        _scanner = scanner;
        _time = timeProvider;
        _exportSource = exportSource;
        _logger = logger ?? NullLogger.Instance;
        _handlers = handlers?.ToList() ?? [];
        _random = random ?? CryptoRandomSource.Instance;
        _reader = reader ?? DefaultCheckComponents.CreateReader(_options);
        _evaluator = evaluator ?? DefaultCheckComponents.CreateEvaluator(_options);
        _store = new ExposureStore(_options.DatabasePath, _options.DurableWrites);
        _keys = new KeySchedule(_store);
        _advertiser.StateChanged += OnBluetoothStateChanged;
        _scanner.StateChanged += OnBluetoothStateChanged;
    }

    /// <summary>Raised once for each new high-risk day found by <see cref="CheckExposureAsync"/>, with the guidance to show.</summary>
    public event EventHandler<ExposureDetectedEventArgs>? ExposureDetected;

    /// <summary>Raised when the state shown by <see cref="GetStatusAsync"/> may have changed (consent, start/stop, Bluetooth).</summary>
    public event EventHandler? StatusChanged;

    /// <summary>Gets the full path of the on-device database file.</summary>
    public string DatabasePath => _store.DatabasePath;

    internal ExposureStore Store => _store;

    /// <summary>Records that the user agreed to exposure notification. Creates the on-device store; starts nothing.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when consent is stored.</returns>
    public async Task GrantConsentAsync(CancellationToken cancellationToken = default)
    {
        await _radioGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            _store.GrantConsent(_time.GetUtcNow());
            Log.ConsentGranted(_logger);
        }
        finally
        {
            _radioGate.Release();
        }

        RaiseStatusChanged();
    }

    /// <summary>
    /// Withdraws consent: stops advertising, scanning and any running check, then erases every key, sighting, scan,
    /// result, cursor and the consent itself. Exposure notification stays off until consent is granted again.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for a running operation (the erase itself is not interrupted).</param>
    /// <returns>A task that completes when the store is empty.</returns>
    public async Task WithdrawConsentAsync(CancellationToken cancellationToken = default)
    {
        lock (_checkCtsLock)
        {
            _checkCts.Cancel();
        }

        await _radioGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await StopCoreAsync().ConfigureAwait(false);
            await _checkGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                _store.EraseEverything();
                lock (_checkCtsLock)
                {
                    _checkCts.Dispose();
                    _checkCts = new CancellationTokenSource();
                }
            }
            finally
            {
                _checkGate.Release();
            }

            Log.ConsentWithdrawn(_logger);
        }
        finally
        {
            _radioGate.Release();
        }

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
        await _radioGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            RequireConsent();
            if (_started)
            {
                return;
            }

            PurgeCore();
            _runCts = new CancellationTokenSource();
            _started = true;
            await TryRotateAsync().ConfigureAwait(false);
            _scanTimer = _time.CreateTimer(_ => Fire(ScanCycleAsync), null, NextScanDelay(first: true), Timeout.InfiniteTimeSpan);
            _maintenanceTimer = _time.CreateTimer(_ => Fire(MaintenanceCycleAsync), null, _options.MaintenanceInterval, _options.MaintenanceInterval);
            Log.Started(_logger, CombinedBluetoothState());
        }
        finally
        {
            _radioGate.Release();
        }

        RaiseStatusChanged();
    }

    /// <summary>Stops advertising and scanning. Stored data is kept (and still expires after 14 days).</summary>
    /// <param name="cancellationToken">Cancels waiting for a running radio operation.</param>
    /// <returns>A task that completes when nothing is broadcast or scanned.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _radioGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await StopCoreAsync().ConfigureAwait(false);
        }
        finally
        {
            _radioGate.Release();
        }

        RaiseStatusChanged();
    }

    /// <summary>Gets what the app should show: state, Bluetooth, last check and high-risk days.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The status.</returns>
    public Task<ExposureNotificationStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        BluetoothState bluetooth = CombinedBluetoothState();
        ExposureNotificationState state;
        if (_store.GetConsent() is null)
        {
            state = ExposureNotificationState.ConsentRequired;
        }
        else if (!_started)
        {
            state = ExposureNotificationState.Stopped;
        }
        else
        {
            state = bluetooth switch
            {
                BluetoothState.On => ExposureNotificationState.Active,
                BluetoothState.Unauthorized or BluetoothState.Unsupported => ExposureNotificationState.BluetoothUnavailable,
                _ => ExposureNotificationState.BluetoothOff,
            };
        }

        bool hasStore = state != ExposureNotificationState.ConsentRequired;
        CheckRecord? last = hasStore ? _store.GetLastCheck(succeededOnly: false) : null;
        CheckRecord? lastOk = hasStore ? _store.GetLastCheck(succeededOnly: true) : null;
        DateOnly oldest = DateOnly.FromDateTime((_time.GetUtcNow() - _options.RetentionPeriod).UtcDateTime);
        IReadOnlyList<DateOnly> days = hasStore
            ? _store.GetExposureDays().Where(d => d.HighRisk && d.Date >= oldest).Select(d => d.Date).ToList()
            : [];
        return Task.FromResult(new ExposureNotificationStatus(state, bluetooth, last?.CheckedAt, lastOk?.CheckedAt, days));
    }

    /// <summary>Gets the stored results of every day with a match (high risk or not) within the retention period.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The days, oldest first.</returns>
    public Task<IReadOnlyList<ExposureDay>> GetExposureDaysAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        DateOnly oldest = DateOnly.FromDateTime((_time.GetUtcNow() - _options.RetentionPeriod).UtcDateTime);
        IReadOnlyList<ExposureDay> days = _store.GetExposureDays()
            .Where(d => d.Date >= oldest)
            .Select(d => new ExposureDay(d.Date, d.HighRisk, d.ScoreSum, d.ScanSeconds))
            .ToList();
        return Task.FromResult(days);
    }

    /// <summary>
    /// Returns this device's keys of the last 14 days for a positive registration (submit them with the processing
    /// number). The key in use today is released with its rolling period cut at the current interval, and a fresh key
    /// takes over for the rest of the day, so contacts up to now can be notified and the released key is never
    /// broadcast again.
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The keys, oldest first (at most one per day, plus today's released key).</returns>
    /// <exception cref="ConsentRequiredException">The user has not agreed.</exception>
    public async Task<IReadOnlyList<TemporaryExposureKey>> GetTemporaryExposureKeyHistoryAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<TemporaryExposureKey> keys;
        await _radioGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            RequireConsent();
            PurgeCore();
            keys = _keys.ReleaseHistory(_time.GetUtcNow(), RetentionDays);
            if (_started)
            {
                await TryRotateAsync().ConfigureAwait(false); // the released key must not be broadcast any more
            }

            Log.KeysReleased(_logger, keys.Count);
        }
        finally
        {
            _radioGate.Release();
        }

        return keys;
    }

    /// <summary>
    /// Runs an exposure check: downloads new export files of every configured region, verifies, matches and scores
    /// them, stores the daily results and raises <see cref="ExposureDetected"/> once per new high-risk day.
    /// Call it from the app's background scheduler (COCOA: every 4 hours) or on demand.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check; files already processed stay processed.</param>
    /// <returns>What the check did.</returns>
    /// <exception cref="ConsentRequiredException">The user has not agreed.</exception>
    /// <exception cref="InvalidOperationException">No export source or no trusted export key is configured.</exception>
    public async Task<ExposureCheckResult> CheckExposureAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (_exportSource is null)
        {
            throw new InvalidOperationException(
                "Exposure checks need an IExportFileSource: register the notification server's download client or an InMemoryExportFileSource.");
        }

        if (_reader is null)
        {
            throw new InvalidOperationException(
                "Exposure checks need the notification server's public key: set ExposureNotificationOptions.TrustedExportKeys.");
        }

        if (_evaluator is null)
        {
            throw new InvalidOperationException("No exposure matcher is available.");
        }

        await _checkGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            RequireConsent();
            CancellationToken withdrawToken;
            lock (_checkCtsLock)
            {
                withdrawToken = _checkCts.Token;
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, withdrawToken);
            PurgeCore();
            var runner = new ExposureCheckRunner(_store, _exportSource, _reader, _evaluator, _options, _time, _logger);
            var (succeeded, files, keys, errors) = await runner.RunAsync(linked.Token).ConfigureAwait(false);
            _store.RecordCheck(_time.GetUtcNow(), succeeded, files);

            var newDays = new List<ExposureDay>();
            foreach (ExposureDayRecord day in _store.GetExposureDays())
            {
                if (day.HighRisk && !day.Notified && _store.TryMarkNotified(day.Date))
                {
                    newDays.Add(new ExposureDay(day.Date, day.HighRisk, day.ScoreSum, day.ScanSeconds));
                }
            }

            Log.CheckFinished(_logger, succeeded, files, keys, newDays.Count);
            foreach (ExposureDay day in newDays)
            {
                await NotifyAsync(new ExposureDetectedEventArgs(day, _options.Guidance), linked.Token).ConfigureAwait(false);
            }

            return new ExposureCheckResult(succeeded, files, keys, newDays, errors);
        }
        finally
        {
            _checkGate.Release();
        }
    }

    /// <summary>Deletes keys, sightings, scans and results older than the retention period (14 days). Runs automatically on start and hourly while started.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the purge is done.</returns>
    public async Task RunMaintenanceAsync(CancellationToken cancellationToken = default)
    {
        await _radioGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            PurgeCore();
        }
        finally
        {
            _radioGate.Release();
        }
    }

    /// <summary>Stops advertising and scanning and releases the database connections. Stored data is kept.</summary>
    /// <returns>A task that completes when stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await _radioGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopCoreAsync().ConfigureAwait(false);
            _disposed = true;
            _advertiser.StateChanged -= OnBluetoothStateChanged;
            _scanner.StateChanged -= OnBluetoothStateChanged;
            lock (_checkCtsLock)
            {
                _checkCts.Cancel();
            }

            _store.Dispose();
        }
        finally
        {
            _radioGate.Release();
        }
    }

    private int RetentionDays => (int)Math.Round(_options.RetentionPeriod.TotalDays);

    private void RequireConsent()
    {
        if (_store.GetConsent() is null)
        {
            throw new ConsentRequiredException();
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private BluetoothState CombinedBluetoothState()
    {
        BluetoothState a = _advertiser.State, s = _scanner.State;
        static int Badness(BluetoothState state) => state switch
        {
            BluetoothState.On => 0,
            BluetoothState.Unknown => 1,
            BluetoothState.Off => 2,
            BluetoothState.Unauthorized => 3,
            _ => 4,
        };
        return Badness(a) >= Badness(s) ? a : s;
    }

    private async Task StopCoreAsync()
    {
        if (!_started)
        {
            return;
        }

        _started = false;
        await _runCts.CancelAsync().ConfigureAwait(false);
        _rotationTimer?.Dispose();
        _scanTimer?.Dispose();
        _maintenanceTimer?.Dispose();
        _rotationTimer = _scanTimer = _maintenanceTimer = null;
        try
        {
            await _advertiser.StopAdvertisingAsync(CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // a failing platform stop must not prevent stopping the runtime
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.RadioTaskFailed(_logger, ex);
        }

        _runCts.Dispose();
        Log.Stopped(_logger);
    }

    private void PurgeCore()
    {
        PurgeCounts counts = _store.Purge(_time.GetUtcNow() - _options.RetentionPeriod);
        if (counts.Total > 0)
        {
            Log.Purged(_logger, counts.Total);
        }
    }

    /// <summary>Broadcasts a fresh RPI of the current key (the adapter changes the address with it) and schedules the next rotation.</summary>
    private async Task RotateCoreAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        TimeSpan untilMidnight = now.UtcDateTime.Date.AddDays(1) - now.UtcDateTime;
        TimeSpan delay = _options.MinimumRotationInterval
            + ((_options.MaximumRotationInterval - _options.MinimumRotationInterval) * _random.NextDouble());
        if (untilMidnight < delay)
        {
            delay = untilMidnight; // the key changes at 00:00 UTC; rotate with it
        }

        _rotationTimer?.Dispose();
        _rotationTimer = _time.CreateTimer(_ => Fire(RotationCycleAsync), null, delay, Timeout.InfiniteTimeSpan);

        if (_advertiser.State != BluetoothState.On)
        {
            return;
        }

        TemporaryExposureKey key = _keys.GetOrCreateCurrent(now);
        EnIntervalNumber interval = EnIntervalNumber.FromDateTimeOffset(now);
        RollingProximityIdentifierKey rpik = ExposureKeyDerivation.DeriveRollingProximityIdentifierKey(key);
        AssociatedEncryptedMetadataKey aemk = ExposureKeyDerivation.DeriveAssociatedEncryptedMetadataKey(key);
        RollingProximityIdentifier rpi = ExposureKeyDerivation.GenerateRollingProximityIdentifier(rpik, interval);
        AssociatedEncryptedMetadata aem = ExposureKeyDerivation.EncryptMetadata(aemk, rpi, _options.Calibration.CreateMetadata());
        await _advertiser.StartAdvertisingAsync(new ExposureNotificationPayload(rpi, aem), cancellationToken).ConfigureAwait(false);
        Log.Rotated(_logger, delay);
    }

    /// <summary>Rotates now; a failing platform advertiser is logged (the next rotation retries) instead of failing the caller.</summary>
    private async Task TryRotateAsync()
    {
        try
        {
            await RotateCoreAsync(_runCts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RadioTaskFailed(_logger, ex);
            try
            {
                // Never leave an old identifier on air (it may belong to a key just released for publication).
                await _advertiser.StopAdvertisingAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception stopFailure) when (stopFailure is not OperationCanceledException)
            {
                Log.RadioTaskFailed(_logger, stopFailure);
            }
        }
    }

    private async Task RotationCycleAsync()
    {
        await _radioGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_started)
            {
                await RotateCoreAsync(_runCts.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            _radioGate.Release();
        }
    }

    private async Task ScanCycleAsync()
    {
        await _radioGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_started)
            {
                return;
            }

            _scanTimer?.Change(NextScanDelay(first: false), Timeout.InfiniteTimeSpan);
            if (_scanner.State != BluetoothState.On)
            {
                Log.ScanSkipped(_logger, _scanner.State);
                return;
            }

            DateTimeOffset started = _time.GetUtcNow();
            IReadOnlyList<BleAdvertisementReport> reports = await _scanner.ScanAsync(_options.ScanDuration, _runCts.Token).ConfigureAwait(false);
            if (!_started || _scanner.State != BluetoothState.On)
            {
                return; // stopped or switched off meanwhile: record nothing
            }

            DateTimeOffset received = _time.GetUtcNow();
            var sightings = new List<SightingRecord>(reports.Count);
            int ignored = 0;
            foreach (BleAdvertisementReport report in reports)
            {
                if (ReportDecoder.TryDecode(report, out ExposureNotificationPayload payload))
                {
                    sightings.Add(new SightingRecord(payload.Identifier, payload.EncryptedMetadata, report.Rssi, report.Timestamp ?? received));
                }
                else
                {
                    ignored++;
                }
            }

            _store.RecordScan(new ScanRecord(started, _options.ScanDuration), sightings);
            Log.ScanStored(_logger, sightings.Count, ignored);
        }
        finally
        {
            _radioGate.Release();
        }
    }

    private async Task MaintenanceCycleAsync()
    {
        await _radioGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_started)
            {
                PurgeCore();
            }
        }
        finally
        {
            _radioGate.Release();
        }
    }

    private TimeSpan NextScanDelay(bool first)
    {
        if (first)
        {
            return _options.ScanDuration + ((_options.ScanInterval - _options.ScanDuration) * _random.NextDouble());
        }

        return _options.ScanInterval - (_options.ScanIntervalRandomRange * _random.NextDouble());
    }

    private void OnBluetoothStateChanged(object? sender, EventArgs e)
    {
        Log.BluetoothChanged(_logger, CombinedBluetoothState());
        Fire(async () =>
        {
            await _radioGate.WaitAsync().ConfigureAwait(false);
            try
            {
                if (!_started)
                {
                    return;
                }

                if (_advertiser.State == BluetoothState.On)
                {
                    await RotateCoreAsync(_runCts.Token).ConfigureAwait(false);
                }
                else
                {
                    await _advertiser.StopAdvertisingAsync(_runCts.Token).ConfigureAwait(false);
                }
            }
            finally
            {
                _radioGate.Release();
            }
        });
        RaiseStatusChanged();
    }

    private async Task NotifyAsync(ExposureDetectedEventArgs args, CancellationToken cancellationToken)
    {
        try
        {
            ExposureDetected?.Invoke(this, args);
        }
#pragma warning disable CA1031 // an app's handler must not break the check or hide other days
        catch (Exception ex)
        {
            Log.HandlerFailed(_logger, ex);
        }

        foreach (IExposureDetectedHandler handler in _handlers)
        {
            try
            {
                await handler.OnExposureDetectedAsync(args, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.HandlerFailed(_logger, ex);
            }
        }
#pragma warning restore CA1031
    }

    private void RaiseStatusChanged() => StatusChanged?.Invoke(this, EventArgs.Empty);

    /// <summary>Runs a timer-triggered task; with synchronous adapters (the simulation) it completes before returning.</summary>
    private void Fire(Func<Task> work)
    {
        _ = RunAsync();

        async Task RunAsync()
        {
            try
            {
                await work().ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
#pragma warning disable CA1031 // background radio work must never crash the app; failures are logged
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.RadioTaskFailed(_logger, ex);
            }
        }
    }
}
