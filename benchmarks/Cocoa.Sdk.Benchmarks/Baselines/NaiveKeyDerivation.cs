using System.Security.Cryptography;
using Cocoa.Sdk.Crypto;

namespace Cocoa.Sdk.Benchmarks;

/// <summary>The straightforward way to derive a key's RPIs with the BCL: a fresh HKDF and one ECB call per interval.</summary>
internal static class NaiveKeyDerivation
{
    public static byte RpikAnd144Rpis(byte[] tek, uint firstInterval)
    {
        byte[] rpik = HKDF.DeriveKey(HashAlgorithmName.SHA256, tek, 16, null, "EN-RPIK"u8.ToArray());
        using Aes aes = Aes.Create();
        aes.Key = rpik;
        byte[] block = new byte[16];
        byte last = 0;
        for (int i = 0; i < 144; i++)
        {
            ExposureKeyDerivation.WritePaddedData(firstInterval + (uint)i, block);
            last ^= aes.EncryptEcb(block, PaddingMode.None)[0];
        }

        return last;
    }
}
