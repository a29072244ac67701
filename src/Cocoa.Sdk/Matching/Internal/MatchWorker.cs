using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;

namespace Cocoa.Sdk.Matching.Internal;

/// <summary>
/// One matching thread: takes chunks of keys, skips keys outside the sightings' time range, derives the 144 RPIs of
/// blocks of keys into a reusable buffer, probes the index, and checks hits exactly (rolling period, ±12 intervals).
/// Allocates only for hits.
/// </summary>
internal sealed class MatchWorker : IDisposable
{
    /// <summary>Clock-drift tolerance in intervals on each side (±2 hours).</summary>
    public const int ToleranceIntervals = 12;

    private readonly IdentifierIndex _index;
    private readonly int _rssiCorrection;
    private readonly IRpiBatchGenerator _generator;
    private readonly int _batch;
    private readonly byte[] _teks;
    private readonly uint[] _starts;
    private readonly int[] _pending;
    private readonly List<(int Local, int Sighting, uint Interval)> _hits = [];

    private readonly ProbeKind _probe;

    public MatchWorker(IdentifierIndex index, int rssiCorrection, IRpiBatchGenerator generator, ProbeKind probe = ProbeKind.Avx512)
    {
        _probe = probe == ProbeKind.Avx512 && Avx512F.IsSupported && Avx2.IsSupported ? ProbeKind.Avx512
            : probe >= ProbeKind.Avx2 && Avx2.IsSupported ? ProbeKind.Avx2
            : ProbeKind.Scalar;
        _index = index;
        _rssiCorrection = rssiCorrection;
        _generator = generator;
        _batch = Math.Max(1, generator.BatchSize);
        _teks = new byte[_batch * 16];
        _starts = new uint[_batch];
        _pending = new int[_batch];
    }

    public List<KeyMatch> Matches { get; } = [];

    public long Processed { get; private set; }

    public long Skipped { get; private set; }

    /// <returns>The number of keys of the chunk that matched.</returns>
    public int Process(ReadOnlySpan<DiagnosisKey> keys, long baseIndex)
    {
        _hits.Clear();
        int before = Matches.Count;
        int n = 0;
        for (int i = 0; i < keys.Length; i++)
        {
            TemporaryExposureKey key = keys[i].Key;
            long start = key.RollingStartIntervalNumber.Value;
            int period = key.RollingPeriod;
            if (period <= 0
                || start + EnIntervalNumber.IntervalsPerDay - 1 > uint.MaxValue
                || start + period - 1 + ToleranceIntervals < _index.MinInterval
                || start - ToleranceIntervals > _index.MaxInterval)
            {
                Skipped++;
                continue;
            }

            key.CopyKeyTo(_teks.AsSpan(n * 16, 16));
            _starts[n] = (uint)start;
            _pending[n] = i;
            if (++n == _batch)
            {
                Flush(keys, n);
                n = 0;
            }
        }

        if (n > 0)
        {
            Flush(keys, n);
        }

        Processed += keys.Length;
        if (_hits.Count > 0)
        {
            BuildMatches(keys, baseIndex);
        }

        return Matches.Count - before;
    }

    public void Dispose() => _generator.Dispose();

    private void Flush(ReadOnlySpan<DiagnosisKey> keys, int n)
    {
        _generator.DeriveKeys(_teks.AsSpan(0, n * 16), _starts.AsSpan(0, n));
        for (int k = 0; k < n; k++)
        {
            // One key at a time: its 144 RPIs (2.3 KiB) are probed while still in L1.
            int period = keys[_pending[k]].Key.RollingPeriod;
            ReadOnlySpan<byte> rpis = _generator.GenerateRpis(k)[..(period * 16)];
            if (_probe == ProbeKind.Avx512)
            {
                ProbeAvx512(rpis, k);
            }

            else if (_probe == ProbeKind.Avx2)
            {
                ProbeAvx2(rpis, k);
            }
            else
            {
                ProbeScalar(rpis, 0, k);
            }
        }
    }

    /// <summary>Probes RPIs <paramref name="from"/>.. of one key, one at a time.</summary>
    private void ProbeScalar(ReadOnlySpan<byte> rpis, int from, int k)
    {
        ref ulong words = ref Unsafe.As<byte, ulong>(ref MemoryMarshal.GetReference(rpis));
        ref ulong filter = ref _index.FilterWords;
        int shift = _index.FilterWordShift;
        int count = rpis.Length / 16;
        for (int i = from; i < count; i++)
        {
            ulong lo = Unsafe.Add(ref words, 2 * i);
            ulong bits = IdentifierIndex.FilterBits(lo);
            if ((Unsafe.Add(ref filter, IdentifierIndex.WordIndex(lo, shift)) & bits) == bits)
            {
                Confirm(lo, Unsafe.Add(ref words, (2 * i) + 1), k, i);
            }
        }
    }

    /// <summary>
    /// Probes four RPIs per step: their low words are unpacked into one vector, the four filter words gathered, and one
    /// branch taken per step; a step with a candidate is re-checked one RPI at a time.
    /// </summary>
    private unsafe void ProbeAvx2(ReadOnlySpan<byte> rpis, int k)
    {
        ref ulong words = ref Unsafe.As<byte, ulong>(ref MemoryMarshal.GetReference(rpis));
        int count = rpis.Length / 16;
        int shift = _index.FilterWordShift;
        Vector256<ulong> one = Vector256<ulong>.One;
        Vector256<ulong> low6 = Vector256.Create(63UL);
        int i = 0;
        fixed (ulong* filter = &_index.FilterWords)
        {
            for (; i + 4 <= count; i += 4)
            {
                Vector256<ulong> a = Vector256.LoadUnsafe(ref words, (nuint)(2 * i));
                Vector256<ulong> b = Vector256.LoadUnsafe(ref words, (nuint)((2 * i) + 4));
                Vector256<ulong> lo = Avx2.UnpackLow(a, b);
                Vector256<ulong> w = Avx2.GatherVector256(filter, Vector256.ShiftRightLogical(lo, shift).AsInt64(), 8);
                Vector256<ulong> m = Avx2.ShiftLeftLogicalVariable(one, lo & low6)
                    | Avx2.ShiftLeftLogicalVariable(one, Vector256.ShiftRightLogical(lo, 6) & low6);
                if (Vector256.EqualsAny(Vector256.AndNot(m, w), Vector256<ulong>.Zero))
                {
                    ProbeScalar(rpis[..((i + 4) * 16)], i, k);
                }
            }
        }

        if (i < count)
        {
            ProbeScalar(rpis, i, k);
        }
    }

    /// <summary>
    /// Probes eight RPIs per step: one permute collects their low words, rotates build the two-bit masks (a rotate needs no
    /// masking of the bit number), two 4-lane gathers fetch the filter words, one branch per step.
    /// </summary>
    private unsafe void ProbeAvx512(ReadOnlySpan<byte> rpis, int k)
    {
        ref ulong words = ref Unsafe.As<byte, ulong>(ref MemoryMarshal.GetReference(rpis));
        int count = rpis.Length / 16;
        int shift = _index.FilterWordShift;
        Vector512<ulong> one = Vector512<ulong>.One;
        Vector512<ulong> evens = Vector512.Create(0UL, 2, 4, 6, 8, 10, 12, 14);
        int i = 0;
        fixed (ulong* filter = &_index.FilterWords)
        {
            for (; i + 8 <= count; i += 8)
            {
                Vector512<ulong> a = Vector512.LoadUnsafe(ref words, (nuint)(2 * i));
                Vector512<ulong> b = Vector512.LoadUnsafe(ref words, (nuint)((2 * i) + 8));
                Vector512<ulong> lo = Avx512F.PermuteVar8x64x2(a, evens, b);
                Vector512<long> index = Vector512.ShiftRightLogical(lo, shift).AsInt64();
                Vector512<ulong> w = Vector512.Create(
                    Avx2.GatherVector256(filter, index.GetLower(), 8),
                    Avx2.GatherVector256(filter, index.GetUpper(), 8));
                Vector512<ulong> m = Avx512F.RotateLeftVariable(one, lo) | Avx512F.RotateLeftVariable(one, Vector512.ShiftRightLogical(lo, 6));
                if (Vector512.EqualsAny(Vector512.AndNot(m, w), Vector512<ulong>.Zero))
                {
                    ProbeScalar(rpis[..((i + 8) * 16)], i, k);
                }
            }
        }

        if (i < count)
        {
            ProbeScalar(rpis, i, k);
        }
    }

    private void Confirm(ulong lo, ulong hi, int k, int i)
    {
        int distinct = _index.Find(lo, hi);
        if (distinct >= 0)
        {
            AddHits(_pending[k], distinct, unchecked(_starts[k] + (uint)i));
        }
    }

    private void AddHits(int local, int distinct, uint interval)
    {
        foreach (int s in _index.SightingsOf(distinct))
        {
            if (Math.Abs((long)_index.Intervals[s] - interval) <= ToleranceIntervals)
            {
                _hits.Add((local, s, interval));
            }
        }
    }

    private void BuildMatches(ReadOnlySpan<DiagnosisKey> keys, long baseIndex)
    {
        Sighting[] sightings = _index.Sightings;
        _hits.Sort((a, b) => a.Local != b.Local ? a.Local.CompareTo(b.Local)
            : sightings[a.Sighting].UnixSeconds != sightings[b.Sighting].UnixSeconds ? sightings[a.Sighting].UnixSeconds.CompareTo(sightings[b.Sighting].UnixSeconds)
            : a.Sighting.CompareTo(b.Sighting));
        int from = 0;
        while (from < _hits.Count)
        {
            int local = _hits[from].Local;
            int to = from;
            while (to < _hits.Count && _hits[to].Local == local)
            {
                to++;
            }

            DiagnosisKey key = keys[local];
            AssociatedEncryptedMetadataKey aemk = ExposureKeyDerivation.DeriveAssociatedEncryptedMetadataKey(key.Key);
            var matched = new MatchedSighting[to - from];
            for (int h = from; h < to; h++)
            {
                matched[h - from] = Decrypt(aemk, sightings[_hits[h].Sighting], _hits[h].Interval, _rssiCorrection);
            }

            Matches.Add(new KeyMatch(key, baseIndex + local, matched.AsReadOnly()));
            from = to;
        }
    }

    internal static MatchedSighting Decrypt(in AssociatedEncryptedMetadataKey aemk, in Sighting sighting, uint interval, int rssiCorrection)
    {
        ExposureMetadata metadata = ExposureKeyDerivation.DecryptMetadata(aemk, sighting.Identifier, sighting.EncryptedMetadata);
        // Ble.Attenuation.Compute's formula without its argument checks: a stored sighting with an out-of-range RSSI must not
        // abort a long matching run.
        int attenuation = (int)Math.Max((long)metadata.TxPowerDbm - ((long)sighting.RssiDbm + rssiCorrection), 0);
        return new MatchedSighting(sighting, new EnIntervalNumber(interval), metadata, attenuation);
    }
}

/// <summary>The filter probe: the best the CPU supports is used unless a test asks for a simpler one.</summary>
internal enum ProbeKind
{
    /// <summary>One RPI at a time.</summary>
    Scalar,

    /// <summary>Four RPIs per step (AVX2 gather).</summary>
    Avx2,

    /// <summary>Eight RPIs per step (AVX-512 permute and rotates, AVX2 gathers).</summary>
    Avx512,
}
