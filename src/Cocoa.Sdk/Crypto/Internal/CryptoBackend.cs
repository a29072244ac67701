using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using ArmAes = System.Runtime.Intrinsics.Arm.Aes;
using ArmSha256 = System.Runtime.Intrinsics.Arm.Sha256;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace Cocoa.Sdk.Crypto.Internal;

/// <summary>An implementation of the EN primitives (HKDF-SHA256 with zero salt, AES-128).</summary>
internal enum CryptoBackendKind
{
    /// <summary>System.Security.Cryptography (the platform's HKDF and AES): any machine.</summary>
    Portable,

    /// <summary>AES-NI; managed SHA-256 one message at a time.</summary>
    X86Scalar,

    /// <summary>AES-NI; batches of keys hashed 8 at a time in AVX2 registers.</summary>
    X86Avx2,

    /// <summary>
    /// AES-NI and SHA-NI through the native helper <c>libcocoa_crypto.so</c> (linux-x64; see <see cref="NativeCrypto"/>):
    /// one key at a time, the HKDF of the next key interleaved with the AES of the current one. Chosen on machines
    /// without AVX-512; with AVX-512 the 16-lane managed HKDF is as fast (see docs/benchmarks.md).
    /// </summary>
    X86ShaNi,

    /// <summary>AES-NI; batches of keys hashed 16 at a time in AVX-512 registers.</summary>
    X86Avx512,

    /// <summary>
    /// As <see cref="X86Avx512"/> (16-lane managed HKDF), with the RPIs of batches encrypted four per VAES instruction on
    /// 512-bit registers by the native helper (<see cref="NativeCrypto"/>, linux-x64); single keys use AES-NI.
    /// </summary>
    X86Avx512Vaes,

    /// <summary>ARMv8 AES and SHA-256 instructions (AESE/AESMC, SHA256H/H2/SU0/SU1); batches hash 4 keys interleaved.</summary>
    Arm64,
}

/// <summary>
/// Chooses the fastest backend the CPU supports, once; tests and benchmarks can force another one for a scope
/// (the choice flows with the async context, so parallel tests do not see each other's choice).
/// </summary>
/// <remarks>
/// <para>The runtime switches <c>DOTNET_EnableAVX512=0</c> (.NET 10; <c>DOTNET_EnableAVX512F</c> before), <c>DOTNET_EnableAVX2=0</c>, <c>DOTNET_EnableAES=0</c> and
/// <c>DOTNET_EnableHWIntrinsic=0</c> turn the corresponding <c>IsSupported</c> properties off, and with them the backends.
/// <c>COCOA_SDK_NATIVE_CRYPTO=0</c> keeps the native helper of <see cref="CryptoBackendKind.X86ShaNi"/> unloaded.</para>
/// </remarks>
internal static class CryptoBackend
{
    private static readonly AsyncLocal<CryptoBackendKind?> s_forced = new();

    /// <summary>Gets the fastest supported backend.</summary>
    public static CryptoBackendKind Best { get; } = Detect();

    /// <summary>Gets the backend in effect: a forced one in this async context, otherwise <see cref="Best"/>.</summary>
    public static CryptoBackendKind Current => s_forced.Value ?? Best;

    /// <summary>Gets every backend this machine supports, slowest first (the last is <see cref="Best"/>).</summary>
    public static IReadOnlyList<CryptoBackendKind> Supported { get; } =
        Enum.GetValues<CryptoBackendKind>().Where(IsSupported).ToArray();

    /// <summary>Returns whether the CPU (and runtime switches) allow <paramref name="kind"/>.</summary>
    public static bool IsSupported(CryptoBackendKind kind) => kind switch
    {
        CryptoBackendKind.Portable => true,
        CryptoBackendKind.X86Scalar => X86Aes.IsSupported,
        CryptoBackendKind.X86Avx2 => X86Aes.IsSupported && Avx2.IsSupported,
        CryptoBackendKind.X86Avx512 => X86Aes.IsSupported && Avx512F.IsSupported,
        CryptoBackendKind.X86ShaNi => NativeCrypto.HasShaNi,
        CryptoBackendKind.X86Avx512Vaes => X86Aes.IsSupported && Avx512F.IsSupported && NativeCrypto.HasVaes512,
        CryptoBackendKind.Arm64 => ArmAes.IsSupported && ArmSha256.IsSupported && AdvSimd.Arm64.IsSupported,
        _ => false,
    };

    /// <summary>Gets how many keys the batch HKDF of <paramref name="kind"/> hashes at once.</summary>
    public static int LaneCount(CryptoBackendKind kind) => kind switch
    {
        CryptoBackendKind.X86Avx512 or CryptoBackendKind.X86Avx512Vaes => 16,
        CryptoBackendKind.X86Avx2 => 8,
        CryptoBackendKind.Arm64 => 4,
        _ => 1,
    };

    /// <summary>Uses <paramref name="kind"/> until the returned scope is disposed.</summary>
    /// <exception cref="PlatformNotSupportedException">The machine does not support <paramref name="kind"/>.</exception>
    public static Scope Force(CryptoBackendKind kind)
    {
        if (!IsSupported(kind))
        {
            throw new PlatformNotSupportedException($"The {kind} crypto backend is not supported on this machine.");
        }

        CryptoBackendKind? previous = s_forced.Value;
        s_forced.Value = kind;
        return new Scope(previous);
    }

    private static CryptoBackendKind Detect()
    {
        CryptoBackendKind best = CryptoBackendKind.Portable;
        foreach (CryptoBackendKind kind in Enum.GetValues<CryptoBackendKind>())
        {
            if (IsSupported(kind))
            {
                best = kind;
            }
        }

        return best;
    }

    /// <summary>Restores the previous backend choice when disposed.</summary>
    internal readonly struct Scope(CryptoBackendKind? previous) : IDisposable
    {
        public void Dispose() => s_forced.Value = previous;
    }
}
