using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Cocoa.Sdk.Crypto;

namespace Cocoa.Sdk.Matching.Internal;

/// <summary>Portable generator on the BCL: HKDF per key, one 144-block ECB call per key with a reused <see cref="Aes"/>.</summary>
internal sealed class PortableRpiBatchGenerator : IRpiBatchGenerator
{
    private const int RpisPerKey = EnIntervalNumber.IntervalsPerDay;

    // "EN-RPI" followed by two zero bytes, read as a little-endian 64-bit word.
    private static readonly ulong PaddedPrefix = BitConverter.ToUInt64("EN-RPI\0\0"u8);

    private readonly Aes _aes = Aes.Create();
    private readonly byte[] _rpik = new byte[16];

    public int BatchSize => 16;

    public string Name => "portable";

    public void Generate(ReadOnlySpan<byte> teks, ReadOnlySpan<uint> rollingStarts, Span<byte> rpis)
    {
        for (int k = 0; k < rollingStarts.Length; k++)
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, teks.Slice(k * 16, 16), _rpik, default, ExposureKeyDerivation.RpikInfo);
            Span<byte> blocks = rpis.Slice(k * RpisPerKey * 16, RpisPerKey * 16);
            WritePaddedData(rollingStarts[k], blocks);
            _aes.SetKey(_rpik);
            _aes.EncryptEcb(blocks, blocks, PaddingMode.None);
        }
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_rpik);
        _aes.Dispose();
    }

    /// <summary>Writes the 144 padded-data blocks of intervals start..start+143.</summary>
    internal static void WritePaddedData(uint start, Span<byte> blocks)
    {
        ref ulong p = ref Unsafe.As<byte, ulong>(ref MemoryMarshal.GetReference(blocks));
        for (int i = 0; i < RpisPerKey; i++)
        {
            Unsafe.Add(ref p, 2 * i) = PaddedPrefix;
            Unsafe.Add(ref p, (2 * i) + 1) = (ulong)unchecked(start + (uint)i) << 32;
        }
    }
}
