using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Cocoa.Sdk.Crypto.Internal;

/// <summary>AES-128 on the instruction set of a hardware backend: ARMv8 AES for <see cref="CryptoBackendKind.Arm64"/>, AES-NI otherwise.</summary>
internal static class HardwareAes128
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ExpandKey(CryptoBackendKind kind, ReadOnlySpan<byte> key, ref Aes128RoundKeys roundKeys)
    {
        if (kind == CryptoBackendKind.Arm64)
        {
            ArmAes128.ExpandKey(key, ref roundKeys);
        }
        else
        {
            AesNi128.ExpandKey(key, ref roundKeys);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> EncryptBlock(CryptoBackendKind kind, in Aes128RoundKeys roundKeys, Vector128<byte> block) =>
        kind == CryptoBackendKind.Arm64 ? ArmAes128.EncryptBlock(roundKeys, block) : AesNi128.EncryptBlock(roundKeys, block);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void GenerateRpis(CryptoBackendKind kind, in Aes128RoundKeys roundKeys, uint firstInterval, Span<byte> destination)
    {
        if (kind == CryptoBackendKind.Arm64)
        {
            ArmAes128.GenerateRpis(roundKeys, firstInterval, destination);
        }
        else
        {
            AesNi128.GenerateRpis(roundKeys, firstInterval, destination);
        }
    }
}
