// FIPS 197 AES-128 with the ARMv8 cryptographic extension: AESE (AddRoundKey, SubBytes, ShiftRows) then AESMC
// (MixColumns) per round, several independent blocks in flight to cover the instruction latency.

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ArmAes = System.Runtime.Intrinsics.Arm.Aes;

namespace Cocoa.Sdk.Crypto.Internal;

/// <summary>AES-128 encryption on ARMv8 AES instructions.</summary>
internal static class ArmAes128
{
    /// <summary>Blocks processed together in the wide loop.</summary>
    public const int BlocksInFlight = 8;

    public static bool IsSupported => ArmAes.IsSupported;

    private static ReadOnlySpan<byte> RoundConstants => [0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x1B, 0x36];

    private static Vector128<uint> PaddedDataTemplate =>
        Vector128.Create((byte)0x45, 0x4E, 0x2D, 0x52, 0x50, 0x49, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).AsUInt32();

    /// <summary>Expands a 16-byte key (FIPS 197 §5.2); SubWord uses AESE with a zero key on a vector of four copies of the word.</summary>
    public static void ExpandKey(ReadOnlySpan<byte> key, ref Aes128RoundKeys roundKeys)
    {
        unchecked
        {
            Vector128<uint> k = Vector128.Create(key[..16]).AsUInt32();
            roundKeys[0] = k.AsByte();
            for (int r = 0; r < 10; r++)
            {
                // Words are little-endian uint32 of the key bytes: RotWord is a right rotation by 8 bits, Rcon goes in the low byte.
                uint rotated = BitOperations.RotateRight(k.GetElement(3), 8);
                uint substituted = ArmAes.Encrypt(Vector128.Create(rotated).AsByte(), Vector128<byte>.Zero).AsUInt32().ToScalar();
                uint w0 = k.GetElement(0) ^ substituted ^ RoundConstants[r];
                uint w1 = k.GetElement(1) ^ w0;
                uint w2 = k.GetElement(2) ^ w1;
                uint w3 = k.GetElement(3) ^ w2;
                k = Vector128.Create(w0, w1, w2, w3);
                roundKeys[r + 1] = k.AsByte();
            }
        }
    }

    /// <summary>Encrypts one block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> EncryptBlock(in Aes128RoundKeys roundKeys, Vector128<byte> block)
    {
        for (int r = 0; r < 9; r++)
        {
            block = ArmAes.MixColumns(ArmAes.Encrypt(block, roundKeys[r]));
        }

        return ArmAes.Encrypt(block, roundKeys[9]) ^ roundKeys[10];
    }

    /// <summary>Writes the RPIs of <c>destination.Length / 16</c> consecutive intervals (range checked by the caller).</summary>
    public static void GenerateRpis(in Aes128RoundKeys roundKeys, uint firstInterval, Span<byte> destination)
    {
        unchecked
        {
            int count = destination.Length / 16;
            ref byte dst = ref MemoryMarshal.GetReference(destination);
            Vector128<uint> counter = PaddedDataTemplate.WithElement(3, firstInterval);
            int i = 0;
            for (; i + BlocksInFlight <= count; i += BlocksInFlight)
            {
                Vector128<byte> b0 = counter.AsByte();
                Vector128<byte> b1 = (counter + Vector128.Create(0u, 0, 0, 1)).AsByte();
                Vector128<byte> b2 = (counter + Vector128.Create(0u, 0, 0, 2)).AsByte();
                Vector128<byte> b3 = (counter + Vector128.Create(0u, 0, 0, 3)).AsByte();
                Vector128<byte> b4 = (counter + Vector128.Create(0u, 0, 0, 4)).AsByte();
                Vector128<byte> b5 = (counter + Vector128.Create(0u, 0, 0, 5)).AsByte();
                Vector128<byte> b6 = (counter + Vector128.Create(0u, 0, 0, 6)).AsByte();
                Vector128<byte> b7 = (counter + Vector128.Create(0u, 0, 0, 7)).AsByte();
                counter += Vector128.Create(0u, 0, 0, BlocksInFlight);
                for (int r = 0; r < 9; r++)
                {
                    Vector128<byte> k = roundKeys[r];
                    b0 = ArmAes.MixColumns(ArmAes.Encrypt(b0, k));
                    b1 = ArmAes.MixColumns(ArmAes.Encrypt(b1, k));
                    b2 = ArmAes.MixColumns(ArmAes.Encrypt(b2, k));
                    b3 = ArmAes.MixColumns(ArmAes.Encrypt(b3, k));
                    b4 = ArmAes.MixColumns(ArmAes.Encrypt(b4, k));
                    b5 = ArmAes.MixColumns(ArmAes.Encrypt(b5, k));
                    b6 = ArmAes.MixColumns(ArmAes.Encrypt(b6, k));
                    b7 = ArmAes.MixColumns(ArmAes.Encrypt(b7, k));
                }

                Vector128<byte> k9 = roundKeys[9], k10 = roundKeys[10];
                nuint offset = (nuint)i * 16;
                (ArmAes.Encrypt(b0, k9) ^ k10).StoreUnsafe(ref dst, offset);
                (ArmAes.Encrypt(b1, k9) ^ k10).StoreUnsafe(ref dst, offset + 16);
                (ArmAes.Encrypt(b2, k9) ^ k10).StoreUnsafe(ref dst, offset + 32);
                (ArmAes.Encrypt(b3, k9) ^ k10).StoreUnsafe(ref dst, offset + 48);
                (ArmAes.Encrypt(b4, k9) ^ k10).StoreUnsafe(ref dst, offset + 64);
                (ArmAes.Encrypt(b5, k9) ^ k10).StoreUnsafe(ref dst, offset + 80);
                (ArmAes.Encrypt(b6, k9) ^ k10).StoreUnsafe(ref dst, offset + 96);
                (ArmAes.Encrypt(b7, k9) ^ k10).StoreUnsafe(ref dst, offset + 112);
            }

            for (; i < count; i++)
            {
                EncryptBlock(roundKeys, counter.AsByte()).StoreUnsafe(ref dst, (nuint)i * 16);
                counter += Vector128.Create(0u, 0, 0, 1);
            }
        }
    }
}
