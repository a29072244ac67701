using Cocoa.Sdk.Storage.Internal;

namespace Cocoa.Sdk.Runtime.Internal;

/// <summary>Read-only views for the app's screens: state, Bluetooth, last checks and the days with matches. No side effects.</summary>
internal sealed class StatusQueries(ExposureStore store, RadioScheduler radio, ExposureNotificationOptions options, TimeProvider time)
{
    public ExposureNotificationStatus GetStatus()
    {
        BluetoothState bluetooth = radio.BluetoothState;
        ExposureNotificationState state;
        if (store.GetConsent() is null)
        {
            state = ExposureNotificationState.ConsentRequired;
        }
        else if (!radio.IsStarted)
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

        if (state == ExposureNotificationState.ConsentRequired)
        {
            return new ExposureNotificationStatus(state, bluetooth, null, null, []);
        }

        CheckRecord? last = store.GetLastCheck(succeededOnly: false);
        CheckRecord? lastOk = store.GetLastCheck(succeededOnly: true);
        IReadOnlyList<DateOnly> days = GetExposureDays().Where(d => d.IsHighRisk).Select(d => d.Date).ToList();
        return new ExposureNotificationStatus(state, bluetooth, last?.CheckedAt, lastOk?.CheckedAt, days);
    }

    public IReadOnlyList<ExposureDay> GetExposureDays()
    {
        DateOnly oldest = DateOnly.FromDateTime((time.GetUtcNow() - options.RetentionPeriod).UtcDateTime);
        return store.GetExposureDays()
            .Where(d => d.Date >= oldest)
            .Select(d => new ExposureDay(d.Date, d.HighRisk, d.ScoreSum, d.ScanSeconds))
            .ToList();
    }
}
