using System.Security.Cryptography;
using Cocoa.Sdk.Crypto.Internal;

namespace Cocoa.Sdk.Matching.Internal;

/// <summary>
/// The production generator on the crypto batch kernels: multi-buffer zero-salt HKDF over a block of keys (16 lanes with
/// AVX-512, 8 with AVX2, 4 interleaved on ARMv8 SHA-256), then 144 hardware AES blocks per RPIK with 8 blocks in flight. On the portable backend it falls back
/// to <see cref="PortableRpiBatchGenerator"/> (BCL crypto with a reused AES object). The kernels read
/// <see cref="CryptoBackend.Current"/>, which flows to worker threads with the execution context (tests force one).
/// </summary>
internal sealed class KernelRpiBatchGenerator : IRpiBatchGenerator
{
    private const int RpisPerKey = 144;

    private readonly PortableRpiBatchGenerator? _portable;
    private readonly byte[] _rpiks;
    private Aes128RoundKeys _roundKeys;

    public KernelRpiBatchGenerator()
    {
        Backend = CryptoBackend.Current;
        BatchSize = Math.Max(16, CryptoBackend.LaneCount(Backend));
        _rpiks = new byte[BatchSize * 16];
        if (Backend == CryptoBackendKind.Portable)
        {
            _portable = new PortableRpiBatchGenerator();
        }
    }

    public CryptoBackendKind Backend { get; }

    public int BatchSize { get; }

    public string Name => Backend.ToString();

    public void DeriveKeys(ReadOnlySpan<byte> teks)
    {
        if (_portable is not null)
        {
            _portable.DeriveKeys(teks);
            return;
        }

        KeyBatchDeriver.DeriveRpiks(teks, _rpiks.AsSpan(0, teks.Length));
    }

    public void GenerateRpis(int index, uint rollingStart, Span<byte> rpis)
    {
        if (_portable is not null)
        {
            _portable.GenerateRpis(index, rollingStart, rpis);
            return;
        }

        // Straight to the hardware AES kernel (AES-NI, or ARMv8 AES on the Arm64 backend): no per-key argument checks or
        // backend lookup; the matcher has already excluded interval ranges that pass 2^32.
        HardwareAes128.ExpandKey(Backend, _rpiks.AsSpan(index * 16, 16), ref _roundKeys);
        HardwareAes128.GenerateRpis(Backend, _roundKeys, rollingStart, rpis[..(RpisPerKey * 16)]);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_rpiks);
        _roundKeys.Clear();
        _portable?.Dispose();
    }
}
