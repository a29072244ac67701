using System.Security.Cryptography;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Storage.Internal;

namespace Cocoa.Sdk.Runtime.Internal;

/// <summary>
/// This device's temporary exposure keys: one per UTC day (rolling period 144, day-aligned), generated when first
/// needed; on positive registration the current key is cut at the current interval and a fresh key takes over for
/// the rest of the day, so the released key is never broadcast again and same-day contacts can be notified.
/// </summary>
internal sealed class KeySchedule(ExposureStore store)
{
    /// <summary>Gets the key to broadcast at <paramref name="now"/>, creating and storing it if needed.</summary>
    public TemporaryExposureKey GetOrCreateCurrent(DateTimeOffset now)
    {
        EnIntervalNumber interval = EnIntervalNumber.FromDateTimeOffset(now);
        IReadOnlyList<StoredKey> keys = store.GetKeys();
        StoredKey? current = FindCurrent(keys, interval);
        if (current is { } found)
        {
            return found.Key;
        }

        bool dayHasKey = keys.Any(k => k.Key.RollingStartIntervalNumber.DayStart == interval.DayStart);
        TemporaryExposureKey key = dayHasKey ? NewKeyFrom(interval) : TemporaryExposureKey.Generate(interval);
        store.InsertKey(key, now);
        return key;
    }

    /// <summary>
    /// Releases the key history for a positive registration: the current key (if any) is cut to end after the current
    /// interval and replaced; returns the keys that started within the last <paramref name="days"/> UTC days, oldest first.
    /// </summary>
    public IReadOnlyList<TemporaryExposureKey> ReleaseHistory(DateTimeOffset now, int days)
    {
        EnIntervalNumber interval = EnIntervalNumber.FromDateTimeOffset(now);
        IReadOnlyList<StoredKey> keys = store.GetKeys();
        long? inUseId = null;
        if (FindCurrent(keys, interval) is { } current)
        {
            int cutPeriod = checked((int)(interval.Value - current.Key.RollingStartIntervalNumber.Value) + 1);
            store.ReplaceKey(current.Id, cutPeriod, NewKeyFrom(interval), now);
            keys = store.GetKeys();
            inUseId = FindCurrent(keys, interval)?.Id;
        }

        EnIntervalNumber oldestDay = interval.DayStart.AddIntervals(-(long)(days - 1) * EnIntervalNumber.IntervalsPerDay);
        return keys
            .Where(k => k.Id != inUseId && k.Key.RollingStartIntervalNumber >= oldestDay && k.Key.RollingStartIntervalNumber <= interval)
            .Select(k => k.Key)
            .ToList();
    }

    /// <summary>The newest stored key valid at <paramref name="interval"/>.</summary>
    private static StoredKey? FindCurrent(IReadOnlyList<StoredKey> keys, EnIntervalNumber interval)
    {
        StoredKey? best = null;
        foreach (StoredKey k in keys)
        {
            if (k.Key.IsValidAt(interval) && (best is null || k.Id > best.Value.Id))
            {
                best = k;
            }
        }

        return best;
    }

    /// <summary>
    /// A fresh random key for the rest of <paramref name="interval"/>'s UTC day. It keeps the day-aligned start (period 144), as
    /// the platforms do, so a later release on the same day yields keys that share their start interval — the only kind of
    /// overlap key servers accept — instead of keys that overlap at the interval where the previous key was cut.
    /// </summary>
    private static TemporaryExposureKey NewKeyFrom(EnIntervalNumber interval)
    {
        Span<byte> bytes = stackalloc byte[TemporaryExposureKey.KeyLength];
        RandomNumberGenerator.Fill(bytes);
        try
        {
            return TemporaryExposureKey.FromBytes(bytes, interval.DayStart, EnIntervalNumber.IntervalsPerDay);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
