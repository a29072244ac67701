using System.Security.Cryptography;
using Cocoa.Sdk.Crypto.Internal;

namespace Cocoa.Sdk.Matching.Internal;

/// <summary>
/// The production generator on the crypto batch kernels: multi-buffer zero-salt HKDF over a block of keys (16 lanes with
/// AVX-512, 8 with AVX2), then 144 AES-NI blocks per RPIK with 8 blocks in flight. On the portable backend it falls back
/// to <see cref="PortableRpiBatchGenerator"/> (BCL crypto with a reused AES object). The backend is read from
/// <see cref="CryptoBackend.Current"/> when the generator is created (tests force one per scope).
/// </summary>
internal sealed class KernelRpiBatchGenerator : IRpiBatchGenerator
{
    private const int RpisPerKey = 144;

    private readonly PortableRpiBatchGenerator? _portable;
    private readonly byte[] _rpiks;

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

    public void Generate(ReadOnlySpan<byte> teks, ReadOnlySpan<uint> rollingStarts, Span<byte> rpis)
    {
        if (_portable is not null)
        {
            _portable.Generate(teks, rollingStarts, rpis);
            return;
        }

        // The kernels read CryptoBackend.Current, which flows to worker threads with the execution context.
        Span<byte> rpiks = _rpiks.AsSpan(0, teks.Length);
        KeyBatchDeriver.DeriveRpiks(teks, rpiks);
        Aes128Batch.GenerateRpis(rpiks, rollingStarts, RpisPerKey, rpis);
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_rpiks);
        _portable?.Dispose();
    }
}
