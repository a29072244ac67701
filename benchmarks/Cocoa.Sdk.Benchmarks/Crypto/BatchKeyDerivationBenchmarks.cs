using BenchmarkDotNet.Attributes;
using Cocoa.Sdk.Crypto.Internal;

namespace Cocoa.Sdk.Benchmarks.Crypto;

/// <summary>
/// Batch derivation for matching, per key: RPIK only (zero-salt HKDF) and RPIK + 144 RPIs, for each backend
/// this machine supports (Portable = per-key System.Security.Cryptography; X86Scalar = 1 lane; X86Avx2 = 8 lanes;
/// X86Avx512 = 16 lanes; Arm64 = ARMv8 AES/SHA-256 instructions, 1 lane).
/// </summary>
[MemoryDiagnoser]
public class BatchKeyDerivationBenchmarks
{
    private const int Keys = 1024;

    private readonly byte[] _teks = new byte[Keys * 16];
    private readonly byte[] _rpiks = new byte[Keys * 16];
    private readonly uint[] _firstIntervals = new uint[Keys];
    private readonly byte[] _rpis = new byte[Keys * 144 * 16];

    [ParamsSource(nameof(SupportedBackends))]
    public string Backend { get; set; } = "Portable";

    public static IEnumerable<string> SupportedBackends => CryptoBackend.Supported.Select(k => k.ToString());

    private CryptoBackendKind Kind => Enum.Parse<CryptoBackendKind>(Backend);

    private CryptoBackendKind _kind;

    [GlobalSetup]
    public void Setup()
    {
        _kind = Kind;
        new Random(2642976).NextBytes(_teks);
        for (int i = 0; i < Keys; i++)
        {
            _firstIntervals[i] = 2642976 + (uint)(144 * (i % 14));
        }
    }

    [Benchmark(OperationsPerInvoke = Keys, Description = "RPIK per key (batch HKDF)")]
    public byte DeriveRpiks()
    {
        using var scope = CryptoBackend.Force(_kind);
        KeyBatchDeriver.DeriveRpiks(_teks, _rpiks);
        return _rpiks[^1];
    }

    [Benchmark(OperationsPerInvoke = Keys, Description = "TEK -> RPIK + 144 RPIs per key (KeyBatchDeriver.GenerateRpis)")]
    public byte DeriveRpiksAndRpis()
    {
        using var scope = CryptoBackend.Force(_kind);
        KeyBatchDeriver.GenerateRpis(_teks, _firstIntervals, 144, _rpis);
        return _rpis[^1];
    }
}
