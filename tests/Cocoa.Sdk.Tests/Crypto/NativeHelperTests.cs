using System.Runtime.InteropServices;
using Cocoa.Sdk.Crypto.Internal;
using Xunit;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace Cocoa.Sdk.Tests.Crypto;

/// <summary>
/// The native SHA-NI helper behind <see cref="CryptoBackendKind.X86ShaNi"/>: present wherever it can run (so a packaging or
/// copy mistake fails here instead of silently running the slower managed code), absent when switched off, and a missing
/// or foreign library is refused without an exception. Its results are checked with every other backend by the official
/// vectors and the BouncyCastle properties, which iterate over <see cref="CryptoBackend.Supported"/>.
/// </summary>
public class NativeHelperTests
{
    [Fact]
    public void Helper_IsInUse_ExactlyWhereItCanRun()
    {
        bool switchedOff = Environment.GetEnvironmentVariable(ShaNiNative.DisableVariable) == "0";
        bool cpuHasShaNi = File.Exists("/proc/cpuinfo") && File.ReadAllText("/proc/cpuinfo").Contains(" sha_ni", StringComparison.Ordinal);
        bool canRun = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64 && cpuHasShaNi && X86Aes.IsSupported && !switchedOff;

        Assert.True(canRun == CryptoBackend.IsSupported(CryptoBackendKind.X86ShaNi), $"expected available: {canRun}; reason given: {ShaNiNative.UnavailableReason ?? "(none)"}");
        Assert.Equal(canRun, CryptoBackend.Supported.Contains(CryptoBackendKind.X86ShaNi));
        if (!canRun)
        {
            Assert.NotNull(ShaNiNative.UnavailableReason);
            Assert.Throws<PlatformNotSupportedException>(() => CryptoBackend.Force(CryptoBackendKind.X86ShaNi));
        }
    }

    [Fact]
    public void TryLoad_MissingLibrary_ReturnsNullWithReason()
    {
        Assert.Null(ShaNiNative.TryLoad(Path.Combine(Path.GetTempPath(), "no-such-dir", ShaNiNative.FileName), out string? reason));
        Assert.Contains("could not be loaded", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryLoad_LibraryWithoutTheExports_ReturnsNullWithReason()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Assert.Null(ShaNiNative.TryLoad("libc.so.6", out string? reason));
        Assert.Contains("export", reason, StringComparison.Ordinal);
    }
}
