using System.Runtime.Intrinsics;

namespace Cocoa.Sdk.Crypto.Internal;

/// <summary>One key at a time: routes the EN primitives to the backend in effect (<see cref="CryptoBackend.Current"/>).</summary>
/// <remarks>Arguments are validated by the public callers; lengths here are trusted.</remarks>
internal static class KeyDerivationEngine
{
    /// <summary>Derives the RPIK and/or AEMK of one TEK (an empty destination is skipped; both share one PRK).</summary>
    public static void DeriveKeys(ReadOnlySpan<byte> tek, Span<byte> rpik, Span<byte> aemk)
    {
        CryptoBackendKind kind = CryptoBackend.Current;
        if (kind == CryptoBackendKind.Portable)
        {
            if (!rpik.IsEmpty)
            {
                PortableCrypto.DeriveKey(tek, ExposureKeyDerivation.RpikInfo, rpik);
            }

            if (!aemk.IsEmpty)
            {
                PortableCrypto.DeriveKey(tek, ExposureKeyDerivation.AemkInfo, aemk);
            }

            return;
        }

        if (kind == CryptoBackendKind.Arm64)
        {
            ZeroSaltHkdf<uint, ArmSha256Compressor>.Derive(tek, rpik, aemk);
        }
        else if (kind == CryptoBackendKind.X86ShaNi)
        {
            NativeCrypto.DeriveKeys(tek, rpik, aemk);
        }
        else
        {
            ZeroSaltHkdf<uint, ScalarSha256Lanes>.Derive(tek, rpik, aemk);
        }
    }

    /// <summary>Writes the RPIs of consecutive intervals (the caller has checked the 32-bit range).</summary>
    public static void GenerateRpis(ReadOnlySpan<byte> rpik, uint firstInterval, Span<byte> destination)
    {
        CryptoBackendKind kind = CryptoBackend.Current;
        if (kind == CryptoBackendKind.Portable)
        {
            PortableCrypto.GenerateRpis(rpik, firstInterval, destination);
            return;
        }

        Aes128RoundKeys roundKeys = default;
        try
        {
            HardwareAes128.ExpandKey(kind, rpik, ref roundKeys);
            HardwareAes128.GenerateRpis(kind, roundKeys, firstInterval, destination);
        }
        finally
        {
            roundKeys.Clear();
        }
    }

    /// <summary>Encrypts one 16-byte block with AES-128.</summary>
    public static void EncryptBlock(ReadOnlySpan<byte> key, ReadOnlySpan<byte> block, Span<byte> destination)
    {
        CryptoBackendKind kind = CryptoBackend.Current;
        if (kind == CryptoBackendKind.Portable)
        {
            PortableCrypto.EncryptBlocks(key, block, destination);
            return;
        }

        Aes128RoundKeys roundKeys = default;
        try
        {
            HardwareAes128.ExpandKey(kind, key, ref roundKeys);
            HardwareAes128.EncryptBlock(kind, roundKeys, Vector128.Create(block)).CopyTo(destination);
        }
        finally
        {
            roundKeys.Clear();
        }
    }
}
