// The optional native helper behind CryptoBackendKind.X86ShaNi and X86Avx512Vaes: src/Cocoa.Sdk/Native/cocoa_crypto.c,
// shipped as runtimes/linux-x64/native/libcocoa_crypto.so in the package (next to the assembly for project references).
// .NET 10 exposes neither x86 SHA intrinsics nor VAES: the helper hashes with SHA-NI (interleaving the HKDF of one key
// with the AES-NI of the previous one) and encrypts four RPIs per VAES instruction on 512-bit registers. Anything missing
// (library, export, CPU feature, or COCOA_SDK_NATIVE_CRYPTO=0) leaves the managed backends in charge.

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace Cocoa.Sdk.Crypto.Internal;

/// <summary>Calls into <c>libcocoa_crypto</c>: zero-salt HKDF on SHA-NI, TEK → RPIK → RPIs with SHA-NI and AES-NI interleaved, RPIs with VAES.</summary>
internal static unsafe class NativeCrypto
{
    /// <summary>The library's file name (linux-x64).</summary>
    public const string FileName = "libcocoa_crypto.so";

    /// <summary>Setting this environment variable to <c>0</c> keeps the native helper unloaded (the managed backends run).</summary>
    public const string DisableVariable = "COCOA_SDK_NATIVE_CRYPTO";

    /// <summary>The interface version this code expects from <c>cocoa_crypto_version</c>.</summary>
    private const int InterfaceVersion = 2;

    /// <summary>
    /// Whole-day keys' worth of AES per native call: each call runs without a GC transition (a collection waits for it),
    /// so it must stay short, ≈ 30 µs: 64 × 144 AES blocks, or 64 HKDFs (RPIK and AEMK) on SHA-NI.
    /// </summary>
    private const int KeysPerCall = 64;

    /// <summary>The cost of one key's HKDF (RPIK) in AES blocks, for sizing calls on the TEK path (≈ 250 ns ≈ 144 blocks).</summary>
    private const int HkdfCostInBlocks = 144;

    /// <summary>Gets whether the helper is loaded and the CPU has SHA-NI, AES-NI and SSE4.1 (the <see cref="CryptoBackendKind.X86ShaNi"/> functions).</summary>
    public static bool HasShaNi => s_functions?.ShaNi == true;

    /// <summary>Gets whether the helper is loaded and the CPU and OS allow AVX-512F and VAES (the <see cref="CryptoBackendKind.X86Avx512Vaes"/> function).</summary>
    public static bool HasVaes512 => s_functions?.Vaes512 == true;

    /// <summary>Gets what was loaded, or why not (for diagnostics and the benchmark output).</summary>
    public static string Status { get; private set; } = string.Empty;

    // After Status: static initializers run in textual order, and Load sets Status.
    private static readonly Functions? s_functions = Load();

    /// <summary>Derives the RPIK and/or AEMK (empty = skipped) of n TEKs on SHA-NI; lengths already checked by the caller.</summary>
    public static void DeriveKeys(ReadOnlySpan<byte> teks, Span<byte> rpiks, Span<byte> aemks)
    {
        Functions f = Require(HasShaNi);
        fixed (byte* t = teks)
        fixed (byte* r = rpiks)
        fixed (byte* a = aemks)
        {
            int count = teks.Length / 16;
            for (int first = 0; first < count; first += KeysPerCall)
            {
                int keys = Math.Min(KeysPerCall, count - first);
                f.ShaNiHkdf(f.Constants, t + (first * 16), rpiks.IsEmpty ? null : r + (first * 16), aemks.IsEmpty ? null : a + (first * 16), (nuint)keys);
            }
        }
    }

    /// <summary>
    /// TEK → RPIK → <paramref name="count"/> RPIs per key on SHA-NI and AES-NI (RPI j of key i at 16·(i·count + j)); the caller
    /// has checked the lengths and that no interval range passes 2³² − 1. RPIKs exist only inside the native call (wiped there).
    /// </summary>
    public static void GenerateRpisFromTeks(ReadOnlySpan<byte> teks, ReadOnlySpan<uint> firstIntervals, int count, Span<byte> destination) =>
        GenerateRpis(fromTeks: true, teks, firstIntervals, count, destination);

    /// <summary>
    /// RPIK → <paramref name="count"/> RPIs per key with VAES (four blocks per instruction); same layout and caller checks as
    /// <see cref="GenerateRpisFromTeks"/>.
    /// </summary>
    public static void GenerateRpisVaes512(ReadOnlySpan<byte> rpiks, ReadOnlySpan<uint> firstIntervals, int count, Span<byte> destination) =>
        GenerateRpis(fromTeks: false, rpiks, firstIntervals, count, destination);

    /// <summary>Loads the helper from <paramref name="path"/> (tests: a missing or foreign file must give null, not an exception).</summary>
    internal static Functions? TryLoad(string path, out string reason)
    {
        if (!NativeLibrary.TryLoad(path, out nint handle))
        {
            reason = $"{path} could not be loaded";
            return null;
        }

        return TryBind(handle, out reason);
    }

    private static void GenerateRpis(bool fromTeks, ReadOnlySpan<byte> keys, ReadOnlySpan<uint> firstIntervals, int count, Span<byte> destination)
    {
        Functions f = Require(fromTeks ? HasShaNi : HasVaes512);
        if (count == 0)
        {
            return;
        }

        fixed (byte* k = keys)
        fixed (uint* s = firstIntervals)
        fixed (byte* d = destination)
        {
            int keysPerCall = Math.Max(1, KeysPerCall * 144 / (count + (fromTeks ? HkdfCostInBlocks : 0)));
            for (int first = 0; first < firstIntervals.Length; first += keysPerCall)
            {
                int n = Math.Min(keysPerCall, firstIntervals.Length - first);
                byte* output = d + ((long)first * count * 16);
                if (fromTeks)
                {
                    f.ShaNiRpis(f.Constants, k + (first * 16), s + first, (nuint)n, (nuint)count, output);
                }
                else
                {
                    f.Vaes512Rpis(k + (first * 16), s + first, (nuint)n, (nuint)count, output);
                }
            }
        }
    }

    private static Functions Require(bool available) =>
        available && s_functions is not null ? s_functions : throw new PlatformNotSupportedException($"The native crypto helper cannot run this here ({Status}).");

    private static Functions? Load()
    {
        string status;
        Functions? functions = null;
        if (Environment.GetEnvironmentVariable(DisableVariable) == "0")
        {
            status = $"not loaded: {DisableVariable}=0";
        }
        else if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            status = "not loaded: not linux-x64";
        }
        else if (!X86Aes.IsSupported || !Sse41.IsSupported)
        {
            // Single blocks and key schedules stay on the managed AES-NI code; runtime switches that turn it off turn this off.
            status = "not loaded: AES-NI or SSE4.1 disabled in the runtime";
        }
        else if (!NativeLibrary.TryLoad("cocoa_crypto", typeof(NativeCrypto).Assembly, DllImportSearchPath.AssemblyDirectory, out nint handle)
            && !NativeLibrary.TryLoad(Path.Combine(AppContext.BaseDirectory, FileName), out handle)
            && !NativeLibrary.TryLoad(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", FileName), out handle))
        {
            // The package's runtimes/linux-x64/native asset (resolved through the app's deps.json), then next to the app.
            status = $"not loaded: {FileName} not found";
        }
        else
        {
            functions = TryBind(handle, out status);
        }

        Status = status;
        return functions;
    }

    private static Functions? TryBind(nint handle, out string status)
    {
        if (!NativeLibrary.TryGetExport(handle, "cocoa_crypto_version", out nint version)
            || !NativeLibrary.TryGetExport(handle, "cocoa_crypto_shani_supported", out nint shaNiSupported)
            || !NativeLibrary.TryGetExport(handle, "cocoa_crypto_shani_hkdf", out nint hkdf)
            || !NativeLibrary.TryGetExport(handle, "cocoa_crypto_shani_rpis", out nint rpis)
            || !NativeLibrary.TryGetExport(handle, "cocoa_crypto_vaes512_supported", out nint vaesSupported)
            || !NativeLibrary.TryGetExport(handle, "cocoa_crypto_vaes512_rpis", out nint vaesRpis))
        {
            status = "not used: an export of the helper is missing";
            return null;
        }

        if (((delegate* unmanaged<int>)version)() != InterfaceVersion)
        {
            status = "not used: the helper's interface version differs";
            return null;
        }

        bool shaNi = ((delegate* unmanaged<int>)shaNiSupported)() == 1;
        // VAES on ZMM registers only where the runtime also allows AVX-512 (DOTNET_EnableAVX512=0 narrows both).
        bool vaes512 = Avx512F.IsSupported && ((delegate* unmanaged<int>)vaesSupported)() == 1;
        status = $"loaded: SHA-NI {(shaNi ? "yes" : "no")}, VAES-512 {(vaes512 ? "yes" : "no")}";
        return new Functions(
            shaNi,
            vaes512,
            (delegate* unmanaged[SuppressGCTransition]<HkdfConstants*, byte*, byte*, byte*, nuint, void>)hkdf,
            (delegate* unmanaged[SuppressGCTransition]<HkdfConstants*, byte*, uint*, nuint, nuint, byte*, void>)rpis,
            (delegate* unmanaged[SuppressGCTransition]<byte*, uint*, nuint, nuint, byte*, void>)vaesRpis,
            HkdfConstants.Create());
    }

    /// <summary>The helper's entry points, what the CPU allows of them, and the constants block passed to the SHA-NI calls.</summary>
    internal sealed class Functions(
        bool shaNi,
        bool vaes512,
        delegate* unmanaged[SuppressGCTransition]<HkdfConstants*, byte*, byte*, byte*, nuint, void> shaNiHkdf,
        delegate* unmanaged[SuppressGCTransition]<HkdfConstants*, byte*, uint*, nuint, nuint, byte*, void> shaNiRpis,
        delegate* unmanaged[SuppressGCTransition]<byte*, uint*, nuint, nuint, byte*, void> vaes512Rpis,
        HkdfConstants* constants)
    {
        public bool ShaNi { get; } = shaNi;

        public bool Vaes512 { get; } = vaes512;

        public delegate* unmanaged[SuppressGCTransition]<HkdfConstants*, byte*, byte*, byte*, nuint, void> ShaNiHkdf { get; } = shaNiHkdf;

        public delegate* unmanaged[SuppressGCTransition]<HkdfConstants*, byte*, uint*, nuint, nuint, byte*, void> ShaNiRpis { get; } = shaNiRpis;

        public delegate* unmanaged[SuppressGCTransition]<byte*, uint*, nuint, nuint, byte*, void> Vaes512Rpis { get; } = vaes512Rpis;

        public HkdfConstants* Constants { get; } = constants;
    }

    /// <summary>The SHA-256 and zero-salt HKDF constants (<see cref="Sha256Constants"/>, <see cref="ZeroSaltHkdf"/>) in the layout of <c>cocoa_hkdf_constants</c> (cocoa_crypto.c).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct HkdfConstants
    {
        public InlineWords64 RoundConstants;
        public InlineWords8 InitialState;
        public InlineWords8 InnerPadState;
        public InlineWords8 OuterPadState;
        public InlineWords64 RpikRoundInputs;
        public InlineWords64 AemkRoundInputs;

        /// <summary>Allocates the block once for the process (native memory: it never moves and is never freed).</summary>
        public static HkdfConstants* Create()
        {
            var constants = (HkdfConstants*)NativeMemory.AlignedAlloc((nuint)sizeof(HkdfConstants), 64);
            Sha256Constants.RoundConstants.CopyTo(constants->RoundConstants);
            Sha256Constants.InitialState.CopyTo(constants->InitialState);
            ZeroSaltHkdf.SaltInnerPadState.CopyTo(constants->InnerPadState);
            ZeroSaltHkdf.SaltOuterPadState.CopyTo(constants->OuterPadState);
            ZeroSaltHkdf.RpikExpandRoundInputs.CopyTo(constants->RpikRoundInputs);
            ZeroSaltHkdf.AemkExpandRoundInputs.CopyTo(constants->AemkRoundInputs);
            return constants;
        }
    }

    [InlineArray(8)]
    internal struct InlineWords8
    {
        private uint _word0;
    }

    [InlineArray(64)]
    internal struct InlineWords64
    {
        private uint _word0;
    }
}
