using BenchmarkDotNet.Attributes;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Crypto.Internal;

namespace Cocoa.Sdk.Benchmarks.Crypto;

/// <summary>
/// RPI derivation for one key (RPIK + 144 RPIs): the library's fast path (best backend of this CPU) against the
/// portable path (System.Security.Cryptography HKDF + one 144-block ECB call) and the naive baseline
/// (HKDF.DeriveKey + one Aes.EncryptEcb call per interval).
/// </summary>
[MemoryDiagnoser]
public class KeyDerivationBenchmarks
{
    private readonly byte[] _tek = Convert.FromHexString("75c734c6dd1a782de7a965da5eb93125");
    private readonly byte[] _rpik = new byte[16];
    private readonly byte[] _aemk = new byte[16];
    private readonly byte[] _rpis = new byte[144 * 16];
    private readonly EnIntervalNumber _start = new(2642976);

    [Benchmark(Baseline = true, Description = "naive: HKDF.DeriveKey + EncryptEcb per interval")]
    public byte Naive() => NaiveKeyDerivation.RpikAnd144Rpis(_tek, _start.Value);

    [Benchmark(Description = "portable: HKDF.DeriveKey + one 144-block EncryptEcb")]
    public byte Portable()
    {
        PortableCrypto.DeriveKey(_tek, "EN-RPIK"u8, _rpik);
        PortableCrypto.GenerateRpis(_rpik, _start.Value, _rpis);
        return _rpis[^1];
    }

    [Benchmark(Description = "fast: public API, best backend (zero-salt HKDF + hardware AES, 8 blocks in flight)")]
    public byte Fast()
    {
        ExposureKeyDerivation.DeriveRollingProximityIdentifierKey(_tek, _rpik);
        ExposureKeyDerivation.GenerateRollingProximityIdentifiers(_rpik, _start, _rpis);
        return _rpis[^1];
    }

    [Benchmark(Description = "parts: portable HKDF (RPIK only)")]
    public byte PortableHkdf()
    {
        PortableCrypto.DeriveKey(_tek, "EN-RPIK"u8, _rpik);
        return _rpik[0];
    }

    [Benchmark(Description = "parts: zero-salt managed scalar HKDF (RPIK only)")]
    public byte ManagedHkdf()
    {
        ZeroSaltHkdf<uint, ScalarSha256Lanes>.Derive(_tek, _rpik, default);
        return _rpik[0];
    }

    [Benchmark(Description = "parts: zero-salt HKDF, best backend (RPIK + AEMK, shared PRK)")]
    public byte HkdfBoth()
    {
        KeyDerivationEngine.DeriveKeys(_tek, _rpik, _aemk);
        return _aemk[0];
    }

    [Benchmark(Description = "parts: 144 RPIs, best backend (key schedule + 144 blocks)")]
    public byte Rpis()
    {
        KeyDerivationEngine.GenerateRpis(_rpik, _start.Value, _rpis);
        return _rpis[^1];
    }
}
