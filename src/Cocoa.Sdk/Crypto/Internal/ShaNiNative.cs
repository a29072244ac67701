// The optional native helper behind CryptoBackendKind.X86ShaNi: src/Cocoa.Sdk/Native/cocoa_shani.c, shipped as
// runtimes/linux-x64/native/libcocoa_shani.so in the package (next to the assembly for project references).
// .NET 10 has no x86 SHA intrinsics; the helper hashes with SHA-NI and interleaves the HKDF of one key with the AES of
// the previous one. Anything missing (library, export, CPU feature, or COCOA_SDK_NATIVE_CRYPTO=0) leaves the managed
// backends in charge.

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace Cocoa.Sdk.Crypto.Internal;

/// <summary>Calls into <c>libcocoa_shani</c>: zero-salt HKDF on SHA-NI, and TEK → RPIK → RPIs with SHA-NI and AES-NI interleaved.</summary>
internal static unsafe class ShaNiNative
{
    /// <summary>The library's file name (linux-x64).</summary>
    public const string FileName = "libcocoa_shani.so";

    /// <summary>Setting this environment variable to <c>0</c> keeps the native helper unloaded (the managed backends run).</summary>
    public const string DisableVariable = "COCOA_SDK_NATIVE_CRYPTO";

    /// <summary>The interface version this code expects from <c>cocoa_shani_version</c>.</summary>
    private const int InterfaceVersion = 2;

    /// <summary>Keys per native call: each call runs without a GC transition, so it must stay short (≈ 30 µs).</summary>
    private const int KeysPerCall = 64;

    private static readonly Functions? s_functions = Load();

    /// <summary>Gets whether the helper is loaded and the CPU has SHA-NI, AES-NI and SSE4.1.</summary>
    public static bool IsAvailable => s_functions is not null;

    /// <summary>Gets why the helper is not in use, or null when it is (for diagnostics and the benchmark output).</summary>
    public static string? UnavailableReason { get; private set; }

    /// <summary>Derives the RPIK and/or AEMK (empty = skipped) of n TEKs; lengths already checked by the caller.</summary>
    public static void DeriveKeys(ReadOnlySpan<byte> teks, Span<byte> rpiks, Span<byte> aemks)
    {
        Functions f = s_functions ?? throw new PlatformNotSupportedException("The native SHA-NI helper is not available.");
        fixed (byte* t = teks)
        fixed (byte* r = rpiks)
        fixed (byte* a = aemks)
        {
            int count = teks.Length / 16;
            for (int first = 0; first < count; first += KeysPerCall)
            {
                int keys = Math.Min(KeysPerCall, count - first);
                f.Hkdf(f.Constants, t + (first * 16), rpiks.IsEmpty ? null : r + (first * 16), aemks.IsEmpty ? null : a + (first * 16), (nuint)keys);
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="count"/> RPIs per TEK (RPI j of key i at 16·(i·count + j)); the caller has checked the buffer
    /// lengths and that no interval range passes 2³² − 1. RPIKs exist only inside the native call (wiped there).
    /// </summary>
    public static void GenerateRpis(ReadOnlySpan<byte> teks, ReadOnlySpan<uint> firstIntervals, int count, Span<byte> destination)
    {
        Functions f = s_functions ?? throw new PlatformNotSupportedException("The native SHA-NI helper is not available.");
        if (count == 0 || firstIntervals.IsEmpty)
        {
            return;
        }

        fixed (byte* t = teks)
        fixed (uint* s = firstIntervals)
        fixed (byte* d = destination)
        {
            int keysPerCall = Math.Max(1, KeysPerCall * 144 / Math.Max(count, 1));
            for (int first = 0; first < firstIntervals.Length; first += keysPerCall)
            {
                int keys = Math.Min(keysPerCall, firstIntervals.Length - first);
                f.Rpis(f.Constants, t + (first * 16), s + first, (nuint)keys, (nuint)count, d + ((long)first * count * 16));
            }
        }
    }

    /// <summary>Loads the helper from <paramref name="path"/> (tests: a missing or foreign file must give null, not an exception).</summary>
    internal static Functions? TryLoad(string path, out string? reason)
    {
        if (!NativeLibrary.TryLoad(path, out nint handle))
        {
            reason = $"{path} could not be loaded";
            return null;
        }

        return TryBind(handle, out reason);
    }

    private static Functions? Load()
    {
        if (Environment.GetEnvironmentVariable(DisableVariable) == "0")
        {
            UnavailableReason = $"{DisableVariable}=0";
            return null;
        }

        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            UnavailableReason = "not linux-x64";
            return null;
        }

        if (!X86Aes.IsSupported || !Sse41.IsSupported)
        {
            // The backend's single-block AES runs on the managed AES-NI code; runtime switches that turn it off also turn this off.
            UnavailableReason = "AES-NI or SSE4.1 disabled in the runtime";
            return null;
        }

        // The package's runtimes/linux-x64/native asset (resolved through the app's deps.json), then next to the assembly.
        if (!NativeLibrary.TryLoad("cocoa_shani", typeof(ShaNiNative).Assembly, DllImportSearchPath.AssemblyDirectory, out nint handle)
            && !NativeLibrary.TryLoad(Path.Combine(AppContext.BaseDirectory, FileName), out handle)
            && !NativeLibrary.TryLoad(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", FileName), out handle))
        {
            UnavailableReason = $"{FileName} not found";
            return null;
        }

        Functions? functions = TryBind(handle, out string? reason);
        UnavailableReason = reason;
        return functions;
    }

    private static Functions? TryBind(nint handle, out string? reason)
    {
        if (!NativeLibrary.TryGetExport(handle, "cocoa_shani_version", out nint version)
            || !NativeLibrary.TryGetExport(handle, "cocoa_shani_supported", out nint supported)
            || !NativeLibrary.TryGetExport(handle, "cocoa_shani_hkdf", out nint hkdf)
            || !NativeLibrary.TryGetExport(handle, "cocoa_shani_rpis", out nint rpis))
        {
            reason = "an export of the helper is missing";
            return null;
        }

        if (((delegate* unmanaged<int>)version)() != InterfaceVersion)
        {
            reason = "the helper's interface version differs";
            return null;
        }

        if (((delegate* unmanaged<int>)supported)() != 1)
        {
            reason = "the CPU lacks SHA-NI";
            return null;
        }

        reason = null;
        return new Functions(
            (delegate* unmanaged[SuppressGCTransition]<HkdfConstants*, byte*, byte*, byte*, nuint, void>)hkdf,
            (delegate* unmanaged[SuppressGCTransition]<HkdfConstants*, byte*, uint*, nuint, nuint, byte*, void>)rpis,
            HkdfConstants.Create());
    }

    /// <summary>The helper's entry points and the constants block passed to every call.</summary>
    internal sealed class Functions(
        delegate* unmanaged[SuppressGCTransition]<HkdfConstants*, byte*, byte*, byte*, nuint, void> hkdf,
        delegate* unmanaged[SuppressGCTransition]<HkdfConstants*, byte*, uint*, nuint, nuint, byte*, void> rpis,
        HkdfConstants* constants)
    {
        public delegate* unmanaged[SuppressGCTransition]<HkdfConstants*, byte*, byte*, byte*, nuint, void> Hkdf { get; } = hkdf;

        public delegate* unmanaged[SuppressGCTransition]<HkdfConstants*, byte*, uint*, nuint, nuint, byte*, void> Rpis { get; } = rpis;

        public HkdfConstants* Constants { get; } = constants;
    }

    /// <summary>The SHA-256 and zero-salt HKDF constants (<see cref="Sha256Constants"/>, <see cref="ZeroSaltHkdf"/>) in the layout of <c>cocoa_hkdf_constants</c> (cocoa_shani.c).</summary>
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
