using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Cocoa.Sdk.Tests.Crypto.Vectors;

/// <summary>The EN key schedule written against BouncyCastle's managed HKDF, AES engine and CTR mode: an independent implementation.</summary>
internal static class BouncyCastleReference
{
    public static byte[] Rpik(byte[] tek) => Hkdf(tek, "EN-RPIK"u8.ToArray());

    public static byte[] Aemk(byte[] tek) => Hkdf(tek, "EN-AEMK"u8.ToArray());

    public static byte[] Rpi(byte[] rpik, uint interval)
    {
        byte[] padded = new byte[16];
        "EN-RPI"u8.CopyTo(padded);
        BitConverter.TryWriteBytes(padded.AsSpan(12), interval);
        if (!BitConverter.IsLittleEndian)
        {
            padded.AsSpan(12).Reverse();
        }

        var aes = new AesEngine();
        aes.Init(true, new KeyParameter(rpik));
        byte[] rpi = new byte[16];
        aes.ProcessBlock(padded, 0, rpi, 0);
        return rpi;
    }

    /// <summary>AES-128-CTR(AEMK, IV = RPI) over the metadata, as the Android reference does ("AES/CTR/NoPadding").</summary>
    public static byte[] AesCtr(byte[] aemk, byte[] rpi, byte[] data)
    {
        var cipher = CipherUtilities.GetCipher("AES/CTR/NoPadding");
        cipher.Init(true, new ParametersWithIV(new KeyParameter(aemk), rpi));
        return cipher.DoFinal(data);
    }

    private static byte[] Hkdf(byte[] ikm, byte[] info)
    {
        var hkdf = new HkdfBytesGenerator(new Sha256Digest());
        hkdf.Init(new HkdfParameters(ikm, null, info));
        byte[] okm = new byte[16];
        hkdf.GenerateBytes(okm, 0, okm.Length);
        return okm;
    }
}
