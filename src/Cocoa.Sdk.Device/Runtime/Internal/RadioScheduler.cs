using Cocoa.Sdk.Ble;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Storage.Internal;
using Microsoft.Extensions.Logging;

namespace Cocoa.Sdk.Runtime.Internal;

/// <summary>
/// The radio side of the runtime: advertising the current key's RPI (rotating every 10–20 minutes and at UTC midnight,
/// the adapter changing the address with it), the scan duty cycle that stores what is heard, the hourly retention purge,
/// and reacting to Bluetooth being switched off and on. Every radio operation runs under one gate, so a scan, a rotation,
/// a stop or a key release never interleave.
/// </summary>
internal sealed class RadioScheduler(
    ExposureNotificationOptions options,
    IBleAdvertiser advertiser,
    IBleScanner scanner,
    ExposureStore store,
    KeySchedule keys,
    IRandomSource random,
    TimeProvider time,
    ILogger logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CancellationTokenSource _runCts = new();
    private ITimer? _rotationTimer;
    private ITimer? _scanTimer;
    private ITimer? _maintenanceTimer;
    private volatile bool _started;

    /// <summary>Gets whether advertising and scanning are scheduled.</summary>
    public bool IsStarted => _started;

    /// <summary>Gets the worse of the advertiser's and the scanner's Bluetooth state.</summary>
    public BluetoothState BluetoothState
    {
        get
        {
            BluetoothState a = advertiser.State, s = scanner.State;
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
    }

    /// <summary>Runs <paramref name="work"/> with the radio stopped from changing underneath it.</summary>
    public async Task<T> WithGateAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await work().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Purges expired data, starts advertising and schedules scans and maintenance (idempotent). Call under the gate.</summary>
    public async Task StartCoreAsync()
    {
        if (_started)
        {
            return;
        }

        PurgeExpired();
        _runCts = new CancellationTokenSource();
        _started = true;
        await TryRotateAsync().ConfigureAwait(false);
        _scanTimer = time.CreateTimer(_ => Fire(ScanCycleAsync), null, NextScanDelay(first: true), Timeout.InfiniteTimeSpan);
        _maintenanceTimer = time.CreateTimer(_ => Fire(MaintenanceCycleAsync), null, options.MaintenanceInterval, options.MaintenanceInterval);
        Log.Started(logger, BluetoothState);
    }

    /// <summary>Stops advertising and every timer (idempotent). Call under the gate.</summary>
    public async Task StopCoreAsync()
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
            await advertiser.StopAdvertisingAsync(CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // a failing platform stop must not prevent stopping the runtime
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.RadioTaskFailed(logger, ex);
        }

        _runCts.Dispose();
        Log.Stopped(logger);
    }

    /// <summary>Broadcasts a fresh RPI of the current key now, if started (after a key release). Call under the gate.</summary>
    public Task RotateNowIfStartedAsync() => _started ? TryRotateAsync() : Task.CompletedTask;

    /// <summary>Deletes everything older than the retention period. Call under the gate (or before the radio runs).</summary>
    public void PurgeExpired()
    {
        PurgeCounts counts = store.Purge(time.GetUtcNow() - options.RetentionPeriod);
        if (counts.Total > 0)
        {
            Log.Purged(logger, counts.Total);
        }
    }

    /// <summary>Reacts to a platform Bluetooth change: advertise again when on, stop advertising when off.</summary>
    public void OnBluetoothStateChanged()
    {
        Log.BluetoothChanged(logger, BluetoothState);
        Fire(async () =>
        {
            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                if (!_started)
                {
                    return;
                }

                if (advertiser.State == BluetoothState.On)
                {
                    await RotateCoreAsync(_runCts.Token).ConfigureAwait(false);
                }
                else
                {
                    await advertiser.StopAdvertisingAsync(_runCts.Token).ConfigureAwait(false);
                }
            }
            finally
            {
                _gate.Release();
            }
        });
    }

    /// <summary>Broadcasts a fresh RPI of the current key (the adapter changes the address with it) and schedules the next rotation.</summary>
    private async Task RotateCoreAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        TimeSpan untilMidnight = now.UtcDateTime.Date.AddDays(1) - now.UtcDateTime;
        TimeSpan delay = options.MinimumRotationInterval
            + ((options.MaximumRotationInterval - options.MinimumRotationInterval) * random.NextDouble());
        if (untilMidnight < delay)
        {
            delay = untilMidnight; // the key changes at 00:00 UTC; rotate with it
        }

        _rotationTimer?.Dispose();
        _rotationTimer = time.CreateTimer(_ => Fire(RotationCycleAsync), null, delay, Timeout.InfiniteTimeSpan);

        if (advertiser.State != BluetoothState.On)
        {
            return;
        }

        TemporaryExposureKey key = keys.GetOrCreateCurrent(now);
        EnIntervalNumber interval = EnIntervalNumber.FromDateTimeOffset(now);
        RollingProximityIdentifierKey rpik = ExposureKeyDerivation.DeriveRollingProximityIdentifierKey(key);
        AssociatedEncryptedMetadataKey aemk = ExposureKeyDerivation.DeriveAssociatedEncryptedMetadataKey(key);
        RollingProximityIdentifier rpi = ExposureKeyDerivation.GenerateRollingProximityIdentifier(rpik, interval);
        AssociatedEncryptedMetadata aem = ExposureKeyDerivation.EncryptMetadata(aemk, rpi, options.Calibration.CreateMetadata());
        await advertiser.StartAdvertisingAsync(new ExposureNotificationPayload(rpi, aem), cancellationToken).ConfigureAwait(false);
        Log.Rotated(logger, delay);
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
            Log.RadioTaskFailed(logger, ex);
            try
            {
                // Never leave an old identifier on air (it may belong to a key just released for publication).
                await advertiser.StopAdvertisingAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception stopFailure) when (stopFailure is not OperationCanceledException)
            {
                Log.RadioTaskFailed(logger, stopFailure);
            }
        }
    }

    private async Task RotationCycleAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_started)
            {
                await RotateCoreAsync(_runCts.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ScanCycleAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_started)
            {
                return;
            }

            _scanTimer?.Change(NextScanDelay(first: false), Timeout.InfiniteTimeSpan);
            if (scanner.State != BluetoothState.On)
            {
                Log.ScanSkipped(logger, scanner.State);
                return;
            }

            DateTimeOffset started = time.GetUtcNow();
            IReadOnlyList<BleAdvertisementReport> reports = await scanner.ScanAsync(options.ScanDuration, _runCts.Token).ConfigureAwait(false);
            if (!_started || scanner.State != BluetoothState.On)
            {
                return; // stopped or switched off meanwhile: record nothing
            }

            DateTimeOffset received = time.GetUtcNow();
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

            store.RecordScan(new ScanRecord(started, options.ScanDuration), sightings);
            Log.ScanStored(logger, sightings.Count, ignored);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task MaintenanceCycleAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_started)
            {
                PurgeExpired();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private TimeSpan NextScanDelay(bool first) => first
        ? options.ScanDuration + ((options.ScanInterval - options.ScanDuration) * random.NextDouble())
        : options.ScanInterval - (options.ScanIntervalRandomRange * random.NextDouble());

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
                Log.RadioTaskFailed(logger, ex);
            }
        }
    }
}
