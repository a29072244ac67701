using System.Security.Cryptography;

namespace Cocoa.Sdk.Crypto.Internal;

/// <summary>The EN primitives on System.Security.Cryptography (the platform crypto library): the fallback for any CPU.</summary>
internal static class PortableCrypto
{
    public static void DeriveKey(ReadOnlySpan<byte> tek, ReadOnlySpan<byte> info, Span<byte> destination) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, tek, destination, salt: default, info);

    /// <summary>Writes the padded-data blocks into <paramref name="destination"/> and encrypts them in one ECB call.</summary>
    public static void GenerateRpis(ReadOnlySpan<byte> rpik, uint firstInterval, Span<byte> destination)
    {
        int count = destination.Length / 16;
        for (int i = 0; i < count; i++)
        {
            ExposureKeyDerivation.WritePaddedData(unchecked(firstInterval + (uint)i), destination.Slice(i * 16, 16));
        }

        using Aes aes = Aes.Create();
        aes.SetKey(rpik);
        aes.EncryptEcb(destination, destination, PaddingMode.None);
    }

    public static void EncryptBlocks(ReadOnlySpan<byte> key, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        using Aes aes = Aes.Create();
        aes.SetKey(key);
        aes.EncryptEcb(source, destination, PaddingMode.None);
    }
}
