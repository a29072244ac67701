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
    private readonly byte[] _rpiks = new byte[16 * 16];
    private readonly uint[] _starts = new uint[16];
    private readonly byte[] _rpis = new byte[RpisPerKey * 16];

    public int BatchSize => 16;

    public string Name => "portable";

    public void DeriveKeys(ReadOnlySpan<byte> teks, ReadOnlySpan<uint> rollingStarts)
    {
        rollingStarts.CopyTo(_starts);
        for (int k = 0; k < teks.Length / 16; k++)
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, teks.Slice(k * 16, 16), _rpiks.AsSpan(k * 16, 16), default, ExposureKeyDerivation.RpikInfo);
        }
    }

    public ReadOnlySpan<byte> GenerateRpis(int index)
    {
        WritePaddedData(_starts[index], _rpis);
        _aes.SetKey(_rpiks.AsSpan(index * 16, 16));
        _aes.EncryptEcb(_rpis, _rpis, PaddingMode.None);
        return _rpis;
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_rpiks);
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
