using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
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
public class NativeCryptoTests
{
    [Fact]
    public void Helper_IsInUse_ExactlyWhereItCanRun()
    {
        bool switchedOff = Environment.GetEnvironmentVariable(NativeCrypto.DisableVariable) == "0";
        string flags = File.Exists("/proc/cpuinfo") ? File.ReadAllText("/proc/cpuinfo") : string.Empty;
        bool loads = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64 && X86Aes.IsSupported && !switchedOff;
        bool shaNi = loads && flags.Contains(" sha_ni", StringComparison.Ordinal);
        bool vaes512 = loads && Avx512F.IsSupported && flags.Contains(" vaes", StringComparison.Ordinal) && flags.Contains(" avx512f", StringComparison.Ordinal);

        Assert.True(shaNi == CryptoBackend.IsSupported(CryptoBackendKind.X86ShaNi), $"X86ShaNi expected: {shaNi}; helper: {NativeCrypto.Status}");
        Assert.True(vaes512 == CryptoBackend.IsSupported(CryptoBackendKind.X86Avx512Vaes), $"X86Avx512Vaes expected: {vaes512}; helper: {NativeCrypto.Status}");
        Assert.Equal(shaNi, CryptoBackend.Supported.Contains(CryptoBackendKind.X86ShaNi));
        Assert.Equal(vaes512, CryptoBackend.Supported.Contains(CryptoBackendKind.X86Avx512Vaes));
        Assert.StartsWith(loads ? "loaded" : "not", NativeCrypto.Status, StringComparison.Ordinal);
        foreach (CryptoBackendKind kind in new[] { CryptoBackendKind.X86ShaNi, CryptoBackendKind.X86Avx512Vaes }.Where(k => !CryptoBackend.IsSupported(k)))
        {
            Assert.Throws<PlatformNotSupportedException>(() => CryptoBackend.Force(kind));
        }
    }

    [Fact]
    public void TryLoad_MissingLibrary_ReturnsNullWithReason()
    {
        Assert.Null(NativeCrypto.TryLoad(Path.Combine(Path.GetTempPath(), "no-such-dir", NativeCrypto.FileName), out string reason));
        Assert.Contains("could not be loaded", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryLoad_LibraryWithoutTheExports_ReturnsNullWithReason()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Assert.Null(NativeCrypto.TryLoad("libc.so.6", out string reason));
        Assert.Contains("export", reason, StringComparison.Ordinal);
    }
}
