using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Cocoa.Sdk.Crypto.Internal;

namespace Cocoa.Sdk.Matching.Internal;

/// <summary>
/// The production generator on the crypto batch kernels. Managed x86/ARM backends: multi-buffer zero-salt HKDF over a
/// block of keys (16 lanes with AVX-512, 8 with AVX2, 4 interleaved on ARMv8 SHA-256) and the block's AES key schedules
/// expanded together, then 144 hardware AES blocks per key on request (<see cref="CryptoBackendKind.X86Avx512Vaes"/>:
/// one native VAES call per key). <see cref="CryptoBackendKind.X86ShaNi"/>: the
/// native helper writes the whole block's RPIs in one pass (SHA-NI HKDF of each key interleaved with the AES-NI of the
/// previous one). On the portable backend it falls back to <see cref="PortableRpiBatchGenerator"/> (BCL crypto with a
/// reused AES object). The kernels read <see cref="CryptoBackend.Current"/>, which flows to worker threads with the
/// execution context (tests force one).
/// </summary>
internal sealed class KernelRpiBatchGenerator : IRpiBatchGenerator
{
    private const int RpisPerKey = 144;
    private const int BytesPerKey = RpisPerKey * 16;

    /// <summary>Keys per native call on <see cref="CryptoBackendKind.X86ShaNi"/>: their RPIs (18 KiB) are probed while still in L1.</summary>
    private const int NativeGroup = 8;

    private readonly PortableRpiBatchGenerator? _portable;
    private readonly byte[] _rpiks;
    private readonly uint[] _starts;
    private readonly Aes128RoundKeys[] _schedules;
    private readonly byte[] _rpis;
    private readonly byte[] _teks;
    private int _count;
    private int _loadedGroup = -1; // the group of NativeGroup keys whose RPIs _rpis holds (X86ShaNi), or -1

    public KernelRpiBatchGenerator()
    {
        Backend = CryptoBackend.Current;
        BatchSize = Math.Max(16, CryptoBackend.LaneCount(Backend));
        _rpiks = new byte[BatchSize * 16];
        _starts = new uint[BatchSize];
        _teks = new byte[Backend == CryptoBackendKind.X86ShaNi ? BatchSize * 16 : 0];
        _schedules = new Aes128RoundKeys[Backend is CryptoBackendKind.X86ShaNi or CryptoBackendKind.X86Avx512Vaes ? 0 : BatchSize];
        _rpis = new byte[Backend == CryptoBackendKind.X86ShaNi ? NativeGroup * BytesPerKey : BytesPerKey];
        if (Backend == CryptoBackendKind.Portable)
        {
            _portable = new PortableRpiBatchGenerator();
        }
    }

    public CryptoBackendKind Backend { get; }

    public int BatchSize { get; }

    public string Name => Backend.ToString();

    public void DeriveKeys(ReadOnlySpan<byte> teks, ReadOnlySpan<uint> rollingStarts)
    {
        if (_portable is not null)
        {
            _portable.DeriveKeys(teks, rollingStarts);
            return;
        }

        int n = rollingStarts.Length;
        _count = n;
        _loadedGroup = -1;
        rollingStarts.CopyTo(_starts);
        if (Backend == CryptoBackendKind.X86ShaNi)
        {
            teks.CopyTo(_teks);
            return;
        }

        KeyBatchDeriver.DeriveRpiks(teks, _rpiks.AsSpan(0, teks.Length));
        if (Backend == CryptoBackendKind.X86Avx512Vaes)
        {
            return; // the native VAES call expands each key itself
        }

        // Key schedules are serial chains; expanding the block's keys together lets them overlap in the pipeline.
        for (int i = 0; i < n; i++)
        {
            HardwareAes128.ExpandKey(Backend, _rpiks.AsSpan(i * 16, 16), ref _schedules[i]);
        }
    }

    public ReadOnlySpan<byte> GenerateRpis(int index)
    {
        if (_portable is not null)
        {
            return _portable.GenerateRpis(index);
        }

        if (Backend == CryptoBackendKind.X86ShaNi)
        {
            // A native call computes a group of keys at once; any order of calls gets the right key's RPIs (the matcher
            // asks in order, so each group is computed once).
            int group = index / NativeGroup;
            if (group != _loadedGroup)
            {
                int first = group * NativeGroup;
                int keys = Math.Min(NativeGroup, _count - first);
                NativeCrypto.GenerateRpisFromTeks(_teks.AsSpan(first * 16, keys * 16), _starts.AsSpan(first, keys), RpisPerKey, _rpis.AsSpan(0, keys * BytesPerKey));
                _loadedGroup = group;
            }

            return _rpis.AsSpan((index % NativeGroup) * BytesPerKey, BytesPerKey);
        }

        if (Backend == CryptoBackendKind.X86Avx512Vaes)
        {
            NativeCrypto.GenerateRpisVaes512(_rpiks.AsSpan(index * 16, 16), _starts.AsSpan(index, 1), RpisPerKey, _rpis);
            return _rpis;
        }

        // Straight to the hardware AES kernel (AES-NI, or ARMv8 AES on the Arm64 backend): no per-key argument checks or
        // backend lookup; the matcher has already excluded interval ranges that pass 2^32.
        HardwareAes128.GenerateRpis(Backend, _schedules[index], _starts[index], _rpis);
        return _rpis;
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_rpiks);
        CryptographicOperations.ZeroMemory(_teks);
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_schedules.AsSpan()));
        _portable?.Dispose();
    }
}
