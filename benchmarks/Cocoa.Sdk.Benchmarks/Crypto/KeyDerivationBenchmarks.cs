using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Cocoa.Sdk.Crypto;

namespace Cocoa.Sdk.Benchmarks.Crypto;

/// <summary>RPI derivation for one key (RPIK + 144 RPIs).</summary>
[MemoryDiagnoser]
public class KeyDerivationBenchmarks
{
    private readonly byte[] _tek = Convert.FromHexString("75c734c6dd1a782de7a965da5eb93125");
    private readonly byte[] _rpik = new byte[16];
    private readonly byte[] _rpis = new byte[144 * 16];
    private readonly EnIntervalNumber _start = new(2642976);

    [Benchmark(Baseline = true, Description = "naive: HKDF.DeriveKey + EncryptEcb per interval")]
    public byte Naive()
    {
        byte[] rpik = HKDF.DeriveKey(HashAlgorithmName.SHA256, _tek, 16, null, "EN-RPIK"u8.ToArray());
        using Aes aes = Aes.Create();
        aes.Key = rpik;
        byte[] block = new byte[16];
        byte last = 0;
        for (int i = 0; i < 144; i++)
        {
            ExposureKeyDerivation.WritePaddedData(_start.Value + (uint)i, block);
            last ^= aes.EncryptEcb(block, PaddingMode.None)[0];
        }

        return last;
    }

    [Benchmark(Description = "library: RPIK + 144 RPIs in one call")]
    public byte Library()
    {
        ExposureKeyDerivation.DeriveRollingProximityIdentifierKey(_tek, _rpik);
        ExposureKeyDerivation.GenerateRollingProximityIdentifiers(_rpik, _start, _rpis);
        return _rpis[^1];
    }
}
