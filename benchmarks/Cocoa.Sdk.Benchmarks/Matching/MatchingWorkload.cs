using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Matching;

namespace Cocoa.Sdk.Benchmarks.Matching;

/// <summary>
/// A deterministic matching workload: <c>keyCount</c> diagnosis keys over 14 days, streamed from a pool of at most 1 M
/// distinct keys (larger counts cycle through the pool, so memory does not grow with the key count), and
/// <c>observedRpis</c> sightings spread over the same 14 days, 16 of them real sightings of pool keys.
/// </summary>
internal sealed class MatchingWorkload
{
    public const int PlantedMatches = 16;
    private const int PoolLimit = 1_000_000;
    private const uint FirstDay = 2_654_208; // 2020-06-18T00:00Z, COCOA's release day, a multiple of 144

    private readonly DiagnosisKey[] _pool;

    public MatchingWorkload(int keyCount, int observedRpis)
    {
        KeyCount = keyCount;
        var random = new Random(20200619);
        _pool = new DiagnosisKey[Math.Min(keyCount, PoolLimit)];
        byte[] tek = new byte[16];
        for (int i = 0; i < _pool.Length; i++)
        {
            random.NextBytes(tek);
            _pool[i] = new DiagnosisKey(TemporaryExposureKey.FromBytes(tek, new EnIntervalNumber(FirstDay + (uint)(144 * (i % 14)))), 1, ReportType.ConfirmedTest, 0);
        }

        var sightings = new List<Sighting>(observedRpis);
        for (int p = 0; p < PlantedMatches; p++)
        {
            DiagnosisKey key = _pool[(int)((long)p * _pool.Length / PlantedMatches)];
            RollingProximityIdentifierKey rpik = ExposureKeyDerivation.DeriveRollingProximityIdentifierKey(key.Key);
            uint interval = key.Key.RollingStartIntervalNumber.Value + 70;
            RollingProximityIdentifier rpi = ExposureKeyDerivation.GenerateRollingProximityIdentifier(rpik, new EnIntervalNumber(interval));
            sightings.Add(new Sighting((long)interval * 600, rpi, default, -60));
        }

        byte[] noise = new byte[20];
        while (sightings.Count < observedRpis)
        {
            random.NextBytes(noise);
            long time = ((long)FirstDay * 600) + random.NextInt64(14L * 86400);
            sightings.Add(new Sighting(time, RollingProximityIdentifier.FromBytes(noise.AsSpan(0, 16)), AssociatedEncryptedMetadata.FromBytes(noise.AsSpan(16)), -70));
        }

        Sightings = sightings;
    }

    public int KeyCount { get; }

    public IReadOnlyList<Sighting> Sightings { get; }

    /// <summary>Gets the distinct keys (at most 1 M).</summary>
    public IReadOnlyList<DiagnosisKey> Pool => _pool;

    /// <summary>The keys, streamed (the pool cycled when <see cref="KeyCount"/> exceeds it).</summary>
    public IEnumerable<DiagnosisKey> Keys()
    {
        for (int i = 0; i < KeyCount; i++)
        {
            yield return _pool[i % _pool.Length];
        }
    }
}
