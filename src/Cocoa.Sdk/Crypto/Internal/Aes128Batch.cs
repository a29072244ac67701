using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace Cocoa.Sdk.Crypto.Internal;

/// <summary>AES-128 over many keys (for matching): the RPIs of many RPIKs, or one block per key (AEM keystreams).</summary>
/// <remarks>AES-NI and ARMv8 AES keep 8 blocks in flight per key, VAES (<see cref="CryptoBackendKind.X86Avx512Vaes"/>) 48 in
/// 12 registers; the portable backend makes one ECB call per key.</remarks>
internal static class Aes128Batch
{
    /// <summary>Writes <paramref name="count"/> consecutive RPIs of each RPIK.</summary>
    /// <param name="rpiks">n × 16 RPIK bytes.</param>
    /// <param name="firstIntervals">n first intervals; key i covers firstIntervals[i] .. firstIntervals[i] + count − 1.</param>
    /// <param name="count">RPIs per key (144 for a whole day), at least 0.</param>
    /// <param name="destination">n × count × 16 bytes; RPI j of key i is at offset 16·(i·count + j).</param>
    /// <exception cref="ArgumentException">The buffer lengths do not agree.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative, or an interval range passes 2³² − 1.</exception>
    public static void GenerateRpis(ReadOnlySpan<byte> rpiks, ReadOnlySpan<uint> firstIntervals, int count, Span<byte> destination)
    {
        int keys = firstIntervals.Length;
        if (rpiks.Length != keys * 16)
        {
            throw new ArgumentException("Expected one 16-byte RPIK per first interval.", nameof(rpiks));
        }

        Validate(firstIntervals, count, destination);
        if (count == 0)
        {
            return;
        }

        int perKey = count * 16;
        CryptoBackendKind kind = CryptoBackend.Current;
        if (kind == CryptoBackendKind.Portable)
        {
            for (int i = 0; i < keys; i++)
            {
                PortableCrypto.GenerateRpis(rpiks.Slice(i * 16, 16), firstIntervals[i], destination.Slice(i * perKey, perKey));
            }

            return;
        }

        if (kind == CryptoBackendKind.X86Avx512Vaes)
        {
            NativeCrypto.GenerateRpisVaes512(rpiks, firstIntervals, count, destination);
            return;
        }

        // Key schedules are serial chains; expanding a chunk of keys together lets them overlap in the pipeline.
        const int ChunkKeys = 16;
        Span<Aes128RoundKeys> schedules = stackalloc Aes128RoundKeys[ChunkKeys];
        try
        {
            for (int first = 0; first < keys; first += ChunkKeys)
            {
                int chunk = Math.Min(ChunkKeys, keys - first);
                for (int i = 0; i < chunk; i++)
                {
                    HardwareAes128.ExpandKey(kind, rpiks.Slice((first + i) * 16, 16), ref schedules[i]);
                }

                for (int i = 0; i < chunk; i++)
                {
                    HardwareAes128.GenerateRpis(kind, schedules[i], firstIntervals[first + i], destination.Slice((first + i) * perKey, perKey));
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(schedules));
        }
    }

    /// <summary>Checks the RPI count, each key's interval range and the destination length.</summary>
    internal static void Validate(ReadOnlySpan<uint> firstIntervals, int count, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (destination.Length != (long)firstIntervals.Length * count * 16)
        {
            throw new ArgumentException("The destination must hold count RPIs per key.", nameof(destination));
        }

        if (count == 0)
        {
            return;
        }

        foreach (uint first in firstIntervals)
        {
            if (first > uint.MaxValue - (uint)(count - 1))
            {
                throw new ArgumentOutOfRangeException(nameof(firstIntervals), "An interval range passes the 32-bit interval numbers.");
            }
        }
    }

    /// <summary>Encrypts block i with key i (e.g. AEM keystream = AES(AEMK, RPI)).</summary>
    /// <param name="keys">n × 16 key bytes.</param>
    /// <param name="blocks">n × 16 plaintext bytes.</param>
    /// <param name="destination">n × 16 bytes; may overlap <paramref name="blocks"/> exactly.</param>
    /// <exception cref="ArgumentException">The lengths are not all the same multiple of 16.</exception>
    public static void EncryptBlocks(ReadOnlySpan<byte> keys, ReadOnlySpan<byte> blocks, Span<byte> destination)
    {
        if (keys.Length % 16 != 0 || blocks.Length != keys.Length || destination.Length != keys.Length)
        {
            throw new ArgumentException("Keys, blocks and destination must be the same multiple of 16 bytes.", nameof(keys));
        }

        CryptoBackendKind kind = CryptoBackend.Current;
        if (kind == CryptoBackendKind.Portable)
        {
            for (int i = 0; i < keys.Length; i += 16)
            {
                PortableCrypto.EncryptBlocks(keys.Slice(i, 16), blocks.Slice(i, 16), destination.Slice(i, 16));
            }

            return;
        }

        Aes128RoundKeys roundKeys = default;
        try
        {
            ref byte dst = ref MemoryMarshal.GetReference(destination);
            for (int i = 0; i < keys.Length; i += 16)
            {
                HardwareAes128.ExpandKey(kind, keys.Slice(i, 16), ref roundKeys);
                HardwareAes128.EncryptBlock(kind, roundKeys, Vector128.Create(blocks.Slice(i, 16))).StoreUnsafe(ref dst, (nuint)i);
            }
        }
        finally
        {
            roundKeys.Clear();
        }
    }
}
