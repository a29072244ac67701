using Cocoa.Sdk.Crypto.Internal;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Matching;
using Cocoa.Sdk.Matching.Internal;
using FsCheck.Xunit;
using Xunit;
using static Cocoa.Sdk.Tests.Matching.MatchingTestData;

namespace Cocoa.Sdk.Tests.Matching;

/// <summary>The fast matcher gives exactly the naive reference's matches.</summary>
public sealed class MatcherExactnessProperties
{
    public static TheoryData<string> Backends => [.. CryptoBackend.Supported.Select(b => b.ToString())];

    [Property(MaxTest = 60)]
    public void Fast_matcher_equals_naive_reference(int seed, byte keyCount, byte plantCount, bool twoThreads) =>
        Check(seed, keyCount, plantCount, twoThreads);

    [Property(MaxTest = 20)]
    public void Scalar_probe_equals_naive_reference(int seed, byte keyCount, byte plantCount) =>
        Check(seed, keyCount, plantCount, twoThreads: false, ProbeKind.Scalar);

    [Property(MaxTest = 20)]
    public void Avx2_probe_equals_naive_reference(int seed, byte keyCount, byte plantCount) =>
        Check(seed, keyCount, plantCount, twoThreads: false, ProbeKind.Avx2);

    [Theory]
    [MemberData(nameof(Backends))]
    public void Every_crypto_backend_equals_naive_reference(string backend)
    {
        using CryptoBackend.Scope scope = CryptoBackend.Force(Enum.Parse<CryptoBackendKind>(backend));
        for (int seed = 0; seed < 15; seed++)
        {
            Check(seed * 7919, (byte)(seed * 13), (byte)(40 + seed), seed % 2 == 0);
        }
    }

    private static void Check(int seed, byte keyCount, byte plantCount, bool twoThreads, ProbeKind probe = ProbeKind.Avx512)
    {
        var random = new Random(seed);
        int n = 1 + (keyCount % 60);
        DiagnosisKey[] keys = new DiagnosisKey[n];
        for (int i = 0; i < n; i++)
        {
            uint day = BaseDay + (uint)(144 * random.Next(-2, 3));
            int period = random.Next(4) == 0 ? random.Next(1, 145) : 144;
            keys[i] = RandomKey(random, day, period);
        }

        if (n > 2 && random.Next(3) == 0)
        {
            keys[n - 1] = keys[random.Next(n - 1)]; // the same key in a second file
        }

        var sightings = new List<Sighting>();
        for (int p = 0; p < plantCount % 80; p++)
        {
            DiagnosisKey key = keys[random.Next(n)];
            uint interval = key.Key.RollingStartIntervalNumber.Value + (uint)random.Next(144); // may be beyond a short period
            int drift = random.Next(-14, 15); // window edge ±12, and just outside it
            long time = TimeIn((uint)(interval + drift), random.Next(600));
            Sighting s = SightingOf(key, interval, time, rssi: random.Next(-100, -30));
            sightings.Add(s);
            if (random.Next(4) == 0)
            {
                sightings.Add(s with { UnixSeconds = time + (random.Next(2) == 0 ? 60 : 600 * random.Next(13, 40)) }); // replay
            }
        }

        for (int j = 0; j < random.Next(0, 30); j++)
        {
            sightings.Add(Noise(random, TimeIn(BaseDay + (uint)random.Next(-300, 300), random.Next(600))));
        }

        if (sightings.Count == 0)
        {
            sightings.Add(Noise(random, TimeIn(BaseDay)));
        }

        Sighting[] shuffled = [.. sightings.OrderBy(_ => random.Next())];
        var options = new MatchOptions { MaxDegreeOfParallelism = twoThreads ? 2 : 1, ChunkSize = 1 + random.Next(20), RssiCorrectionDb = random.Next(-5, 6) };

        MatchResult fast = new ExposureMatcher(shuffled, options) { Probe = probe }.Match(keys);
        MatchResult naive = ReferenceMatcher.Match(keys, shuffled, options.RssiCorrectionDb);

        Assert.Equal(Describe(naive), Describe(fast));
        Assert.Equal(naive.KeysProcessed, fast.KeysProcessed);
    }
}
