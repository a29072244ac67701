using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Cocoa.Sdk.Matching.Internal;

/// <summary>
/// The observed RPIs in a form that is cheap to probe millions of times: a blocked Bloom filter over the low 64 bits of each
/// RPI (RPIs are AES outputs, so their bits are uniform) rejects almost every candidate with one load — two bits in one
/// 64-bit word, 64 bits per identifier, so 50 000 RPIs take 512 KiB (about 0.1 % false positives) and stay in L2; survivors
/// are looked up in an open-addressing table whose slots hold the full RPI (one cache line per probe). Sightings are grouped per distinct
/// RPI (time order).
/// </summary>
internal sealed class IdentifierIndex
{
    private const int BitsPerIdentifier = 64;

    private readonly ulong[] _bitmap;
    private readonly int _wordShift;
    private readonly Slot[] _table;
    private readonly int _tableMask;
    private readonly int[] _groupStart;
    private readonly int[] _groupSightings;

    public IdentifierIndex(Sighting[] sightings)
    {
        Sightings = sightings;
        Intervals = new uint[sightings.Length];
        var groups = new Dictionary<(ulong, ulong), List<int>>();
        Span<byte> rpi = stackalloc byte[16];
        long min = long.MaxValue, max = long.MinValue;
        for (int i = 0; i < sightings.Length; i++)
        {
            long interval = sightings[i].UnixSeconds / 600;
            Intervals[i] = (uint)interval;
            min = Math.Min(min, interval);
            max = Math.Max(max, interval);
            sightings[i].Identifier.CopyTo(rpi);
            var key = (BinaryPrimitives.ReadUInt64LittleEndian(rpi), BinaryPrimitives.ReadUInt64LittleEndian(rpi[8..]));
            if (!groups.TryGetValue(key, out List<int>? list))
            {
                list = [];
                groups.Add(key, list);
            }

            list.Add(i);
        }

        MinInterval = min;
        MaxInterval = max;
        DistinctCount = groups.Count;
        _groupStart = new int[groups.Count + 1];
        _groupSightings = new int[sightings.Length];
        int bits = (int)Math.Clamp(BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, groups.Count * BitsPerIdentifier)), 1u << 12, 1u << 25);
        _bitmap = new ulong[bits / 64];
        _wordShift = 64 - BitOperations.Log2((uint)(bits / 64));
        int tableSize = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, groups.Count * 2));
        _table = new Slot[tableSize];
        _tableMask = tableSize - 1;

        int d = 0, offset = 0;
        foreach (((ulong lo, ulong hi), List<int> list) in groups)
        {
            _groupStart[d] = offset;
            list.Sort((a, b) => sightings[a].UnixSeconds != sightings[b].UnixSeconds ? sightings[a].UnixSeconds.CompareTo(sightings[b].UnixSeconds) : a.CompareTo(b));
            foreach (int s in list)
            {
                _groupSightings[offset++] = s;
            }

            _bitmap[WordIndex(lo, _wordShift)] |= FilterBits(lo);
            int h = unchecked((int)(lo >> 32)) & _tableMask;
            while (_table[h].DistinctPlusOne != 0)
            {
                h = (h + 1) & _tableMask;
            }

            _table[h] = new Slot(lo, hi, d + 1);
            d++;
        }

        _groupStart[d] = offset;
    }

    public Sighting[] Sightings { get; }

    /// <summary>ENIntervalNumber of each sighting.</summary>
    public uint[] Intervals { get; }

    public int DistinctCount { get; }

    public long MinInterval { get; }

    public long MaxInterval { get; }

    public bool IsEmpty => Sightings.Length == 0;

    public long BitmapBytes => _bitmap.Length * 8L;

    /// <summary>Gets a reference to the filter words (for the probe loop, which hoists it).</summary>
    public ref ulong FilterWords => ref MemoryMarshal.GetArrayDataReference(_bitmap);

    /// <summary>Gets the shift that turns an identifier's low 64 bits into its filter word index (the top bits).</summary>
    public int FilterWordShift => _wordShift;

    /// <summary>The filter word an identifier's low 64 bits select: their top bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint WordIndex(ulong lo, int wordShift) => (nint)(lo >> wordShift);

    /// <summary>The two filter bits (within one word) of an identifier's low 64 bits: bits 0–5 and 6–11 select them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong FilterBits(ulong lo) => (1UL << (int)(lo & 63)) | (1UL << (int)((lo >> 6) & 63));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool MayContain(ulong lo)
    {
        ulong bits = FilterBits(lo);
        return (Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_bitmap), WordIndex(lo, _wordShift)) & bits) == bits;
    }

    /// <summary>Returns the index of the distinct RPI (lo, hi), or -1.</summary>
    public int Find(ulong lo, ulong hi)
    {
        int h = unchecked((int)(lo >> 32)) & _tableMask;
        while (true)
        {
            ref Slot slot = ref _table[h];
            if (slot.DistinctPlusOne == 0)
            {
                return -1;
            }

            if (slot.Lo == lo && slot.Hi == hi)
            {
                return slot.DistinctPlusOne - 1;
            }

            h = (h + 1) & _tableMask;
        }
    }

    /// <summary>Sighting indices of a distinct RPI, in time order.</summary>
    public ReadOnlySpan<int> SightingsOf(int distinct) =>
        _groupSightings.AsSpan(_groupStart[distinct], _groupStart[distinct + 1] - _groupStart[distinct]);

    private readonly record struct Slot(ulong Lo, ulong Hi, int DistinctPlusOne);
}
