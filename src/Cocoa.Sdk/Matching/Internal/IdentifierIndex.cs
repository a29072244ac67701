using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Cocoa.Sdk.Matching.Internal;

/// <summary>
/// The observed RPIs in a form that is cheap to probe millions of times: a bitmap over the low bits of each RPI (RPIs are
/// AES outputs, so their bits are uniform) rejects almost every candidate with one load; survivors are looked up in an
/// open-addressing table of the distinct RPIs and compared in full. Sightings are grouped per distinct RPI (time order).
/// </summary>
internal sealed class IdentifierIndex
{
    private const int BitsPerIdentifier = 64;

    private readonly ulong[] _bitmap;
    private readonly ulong _bitMask;
    private readonly int[] _table;
    private readonly int _tableMask;
    private readonly ulong[] _lo;
    private readonly ulong[] _hi;
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
        _lo = new ulong[groups.Count];
        _hi = new ulong[groups.Count];
        _groupStart = new int[groups.Count + 1];
        _groupSightings = new int[sightings.Length];
        int bits = (int)Math.Clamp(BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, groups.Count * BitsPerIdentifier)), 1u << 12, 1u << 25);
        _bitmap = new ulong[bits / 64];
        _bitMask = (ulong)bits - 1;
        int tableSize = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, groups.Count * 2));
        _table = new int[tableSize];
        _tableMask = tableSize - 1;

        int d = 0, offset = 0;
        foreach (((ulong lo, ulong hi), List<int> list) in groups)
        {
            _lo[d] = lo;
            _hi[d] = hi;
            _groupStart[d] = offset;
            list.Sort((a, b) => sightings[a].UnixSeconds != sightings[b].UnixSeconds ? sightings[a].UnixSeconds.CompareTo(sightings[b].UnixSeconds) : a.CompareTo(b));
            foreach (int s in list)
            {
                _groupSightings[offset++] = s;
            }

            ulong bit = lo & _bitMask;
            _bitmap[bit >> 6] |= 1UL << (int)(bit & 63);
            int h = unchecked((int)(lo >> 32)) & _tableMask;
            while (_table[h] != 0)
            {
                h = (h + 1) & _tableMask;
            }

            _table[h] = d + 1;
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool MayContain(ulong lo)
    {
        ulong bit = lo & _bitMask;
        ulong word = Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_bitmap), (nint)(bit >> 6));
        return ((word >> (int)(bit & 63)) & 1) != 0;
    }

    /// <summary>Returns the index of the distinct RPI (lo, hi), or -1.</summary>
    public int Find(ulong lo, ulong hi)
    {
        int h = unchecked((int)(lo >> 32)) & _tableMask;
        while (true)
        {
            int v = _table[h];
            if (v == 0)
            {
                return -1;
            }

            if (_lo[v - 1] == lo && _hi[v - 1] == hi)
            {
                return v - 1;
            }

            h = (h + 1) & _tableMask;
        }
    }

    /// <summary>Sighting indices of a distinct RPI, in time order.</summary>
    public ReadOnlySpan<int> SightingsOf(int distinct) =>
        _groupSightings.AsSpan(_groupStart[distinct], _groupStart[distinct + 1] - _groupStart[distinct]);
}
