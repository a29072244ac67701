// FIPS 197 AES-128 with the x86 AES-NI instructions (AESENC/AESENCLAST/AESKEYGENASSIST).
// .NET 10 exposes AES-NI only on 128-bit registers (no VAES), and AESENC has a latency of several cycles with
// more than one issue port, so independent blocks are kept in flight to fill the pipeline.

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace Cocoa.Sdk.Crypto.Internal;

/// <summary>The 11 round keys of AES-128; wipe with <see cref="Clear"/> after use.</summary>
[InlineArray(11)]
internal struct Aes128RoundKeys
{
    private Vector128<byte> _roundKey0;

    /// <summary>Overwrites the round keys with zeros.</summary>
    public void Clear()
    {
        Span<Vector128<byte>> keys = this;
        CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(keys));
    }
}

/// <summary>AES-128 encryption with AES-NI.</summary>
internal static class AesNi128
{
    /// <summary>Blocks processed together in the wide loop.</summary>
    public const int BlocksInFlight = 8;

    public static bool IsSupported => X86Aes.IsSupported;

    /// <summary>The padded-data block "EN-RPI" || 0^6 || interval 0 (interval goes into 32-bit element 3, little-endian).</summary>
    private static Vector128<uint> PaddedDataTemplate =>
        Vector128.Create((byte)0x45, 0x4E, 0x2D, 0x52, 0x50, 0x49, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).AsUInt32();

    /// <summary>Expands a 16-byte key into its round keys (FIPS 197 §5.2).</summary>
    public static void ExpandKey(ReadOnlySpan<byte> key, ref Aes128RoundKeys roundKeys)
    {
        Vector128<byte> k = Vector128.Create(key[..16]);
        roundKeys[0] = k;
        k = ExpandStep(k, X86Aes.KeygenAssist(k, 0x01));
        roundKeys[1] = k;
        k = ExpandStep(k, X86Aes.KeygenAssist(k, 0x02));
        roundKeys[2] = k;
        k = ExpandStep(k, X86Aes.KeygenAssist(k, 0x04));
        roundKeys[3] = k;
        k = ExpandStep(k, X86Aes.KeygenAssist(k, 0x08));
        roundKeys[4] = k;
        k = ExpandStep(k, X86Aes.KeygenAssist(k, 0x10));
        roundKeys[5] = k;
        k = ExpandStep(k, X86Aes.KeygenAssist(k, 0x20));
        roundKeys[6] = k;
        k = ExpandStep(k, X86Aes.KeygenAssist(k, 0x40));
        roundKeys[7] = k;
        k = ExpandStep(k, X86Aes.KeygenAssist(k, 0x80));
        roundKeys[8] = k;
        k = ExpandStep(k, X86Aes.KeygenAssist(k, 0x1B));
        roundKeys[9] = k;
        k = ExpandStep(k, X86Aes.KeygenAssist(k, 0x36));
        roundKeys[10] = k;
    }

    /// <summary>Encrypts one block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> EncryptBlock(in Aes128RoundKeys roundKeys, Vector128<byte> block)
    {
        block ^= roundKeys[0];
        for (int r = 1; r < 10; r++)
        {
            block = X86Aes.Encrypt(block, roundKeys[r]);
        }

        return X86Aes.EncryptLast(block, roundKeys[10]);
    }

    /// <summary>Encrypts whole blocks (ECB); <paramref name="destination"/> may be the same memory as <paramref name="source"/>.</summary>
    public static void EncryptBlocks(in Aes128RoundKeys roundKeys, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int count = source.Length / 16;
        ref byte src = ref MemoryMarshal.GetReference(source);
        ref byte dst = ref MemoryMarshal.GetReference(destination[..(count * 16)]);
        for (int i = 0; i < count; i++)
        {
            Vector128<byte> block = Vector128.LoadUnsafe(ref src, (nuint)(i * 16));
            EncryptBlock(roundKeys, block).StoreUnsafe(ref dst, (nuint)(i * 16));
        }
    }

    /// <summary>
    /// Writes the RPIs of <c>destination.Length / 16</c> consecutive intervals from <paramref name="firstInterval"/>;
    /// the caller has checked that the intervals stay within 32 bits.
    /// </summary>
    [SkipLocalsInit]
    public static void GenerateRpis(in Aes128RoundKeys roundKeys, uint firstInterval, Span<byte> destination)
    {
        unchecked
        {
            int count = destination.Length / 16;
            ref byte dst = ref MemoryMarshal.GetReference(destination);
            Vector128<uint> counter = PaddedDataTemplate.WithElement(3, firstInterval);

            // Round keys in locals so the JIT keeps them in registers across the wide loop.
            Vector128<byte> k0 = roundKeys[0], k1 = roundKeys[1], k2 = roundKeys[2], k3 = roundKeys[3];
            Vector128<byte> k4 = roundKeys[4], k5 = roundKeys[5], k6 = roundKeys[6], k7 = roundKeys[7];
            Vector128<byte> k8 = roundKeys[8], k9 = roundKeys[9], k10 = roundKeys[10];
            int i = 0;
            for (; i + BlocksInFlight <= count; i += BlocksInFlight)
            {
                Vector128<byte> b0 = counter.AsByte() ^ k0;
                Vector128<byte> b1 = (counter + Vector128.Create(0u, 0, 0, 1)).AsByte() ^ k0;
                Vector128<byte> b2 = (counter + Vector128.Create(0u, 0, 0, 2)).AsByte() ^ k0;
                Vector128<byte> b3 = (counter + Vector128.Create(0u, 0, 0, 3)).AsByte() ^ k0;
                Vector128<byte> b4 = (counter + Vector128.Create(0u, 0, 0, 4)).AsByte() ^ k0;
                Vector128<byte> b5 = (counter + Vector128.Create(0u, 0, 0, 5)).AsByte() ^ k0;
                Vector128<byte> b6 = (counter + Vector128.Create(0u, 0, 0, 6)).AsByte() ^ k0;
                Vector128<byte> b7 = (counter + Vector128.Create(0u, 0, 0, 7)).AsByte() ^ k0;
                counter += Vector128.Create(0u, 0, 0, BlocksInFlight);
                Round(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, k1);
                Round(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, k2);
                Round(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, k3);
                Round(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, k4);
                Round(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, k5);
                Round(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, k6);
                Round(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, k7);
                Round(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, k8);
                Round(ref b0, ref b1, ref b2, ref b3, ref b4, ref b5, ref b6, ref b7, k9);

                nuint offset = (nuint)i * 16;
                X86Aes.EncryptLast(b0, k10).StoreUnsafe(ref dst, offset);
                X86Aes.EncryptLast(b1, k10).StoreUnsafe(ref dst, offset + 16);
                X86Aes.EncryptLast(b2, k10).StoreUnsafe(ref dst, offset + 32);
                X86Aes.EncryptLast(b3, k10).StoreUnsafe(ref dst, offset + 48);
                X86Aes.EncryptLast(b4, k10).StoreUnsafe(ref dst, offset + 64);
                X86Aes.EncryptLast(b5, k10).StoreUnsafe(ref dst, offset + 80);
                X86Aes.EncryptLast(b6, k10).StoreUnsafe(ref dst, offset + 96);
                X86Aes.EncryptLast(b7, k10).StoreUnsafe(ref dst, offset + 112);
            }

            for (; i < count; i++)
            {
                EncryptBlock(roundKeys, counter.AsByte()).StoreUnsafe(ref dst, (nuint)i * 16);
                counter += Vector128.Create(0u, 0, 0, 1);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(
        ref Vector128<byte> b0, ref Vector128<byte> b1, ref Vector128<byte> b2, ref Vector128<byte> b3,
        ref Vector128<byte> b4, ref Vector128<byte> b5, ref Vector128<byte> b6, ref Vector128<byte> b7, Vector128<byte> key)
    {
        b0 = X86Aes.Encrypt(b0, key);
        b1 = X86Aes.Encrypt(b1, key);
        b2 = X86Aes.Encrypt(b2, key);
        b3 = X86Aes.Encrypt(b3, key);
        b4 = X86Aes.Encrypt(b4, key);
        b5 = X86Aes.Encrypt(b5, key);
        b6 = X86Aes.Encrypt(b6, key);
        b7 = X86Aes.Encrypt(b7, key);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> ExpandStep(Vector128<byte> key, Vector128<byte> assist)
    {
        assist = Sse2.Shuffle(assist.AsInt32(), 0xFF).AsByte();
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        key ^= Sse2.ShiftLeftLogical128BitLane(key, 4);
        return key ^ assist;
    }
}
