using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Crypto.Internal;
using Cocoa.Sdk.Tests.Crypto.Vectors;
using Xunit;

namespace Cocoa.Sdk.Tests.Crypto;

/// <summary>Wrong lengths and out-of-range intervals give clear argument errors on every backend, never a wrong answer.</summary>
public class ArgumentValidationTests
{
    [Theory]
    [MemberData(nameof(Backends.Supported), MemberType = typeof(Backends))]
    public void KeyDerivation_RejectsWrongLengths(string backend)
    {
        using var scope = Backends.Force(backend);
        Assert.Equal("temporaryExposureKey", Assert.Throws<ArgumentException>(() => ExposureKeyDerivation.DeriveRollingProximityIdentifierKey(new byte[15], new byte[16])).ParamName);
        Assert.Equal("temporaryExposureKey", Assert.Throws<ArgumentException>(() => ExposureKeyDerivation.DeriveAssociatedEncryptedMetadataKey(new byte[17], new byte[16])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => ExposureKeyDerivation.DeriveRollingProximityIdentifierKey(new byte[16], new byte[15])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => ExposureKeyDerivation.DeriveAssociatedEncryptedMetadataKey(new byte[16], new byte[32])).ParamName);
        Assert.Equal("associatedEncryptedMetadataKey", Assert.Throws<ArgumentException>(() => ExposureKeyDerivation.DeriveKeys(new byte[16], new byte[16], new byte[8])).ParamName);
        Assert.Equal("rollingProximityIdentifierKey", Assert.Throws<ArgumentException>(() => ExposureKeyDerivation.DeriveKeys(new byte[16], Span<byte>.Empty, new byte[16])).ParamName);
    }

    [Theory]
    [MemberData(nameof(Backends.Supported), MemberType = typeof(Backends))]
    public void RpiGeneration_RejectsBadKeysDestinationsAndOverflow(string backend)
    {
        using var scope = Backends.Force(backend);
        Assert.Equal("rollingProximityIdentifierKey", Assert.Throws<ArgumentException>(() =>
            ExposureKeyDerivation.GenerateRollingProximityIdentifiers(new byte[8], new EnIntervalNumber(1), new byte[16])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() =>
            ExposureKeyDerivation.GenerateRollingProximityIdentifiers(new byte[16], new EnIntervalNumber(1), new byte[20])).ParamName);
        Assert.Throws<OverflowException>(() =>
            ExposureKeyDerivation.GenerateRollingProximityIdentifiers(new byte[16], new EnIntervalNumber(uint.MaxValue), new byte[32]));

        // The last representable interval itself is fine, and an empty destination is a no-op.
        var last = new byte[16];
        ExposureKeyDerivation.GenerateRollingProximityIdentifiers(new byte[16], new EnIntervalNumber(uint.MaxValue), last);
        Assert.Equal(BouncyCastleReference.Rpi(new byte[16], uint.MaxValue), last);
        ExposureKeyDerivation.GenerateRollingProximityIdentifiers(new byte[16], new EnIntervalNumber(uint.MaxValue), Span<byte>.Empty);
    }

    [Theory]
    [MemberData(nameof(Backends.Supported), MemberType = typeof(Backends))]
    public void MetadataKeystream_RejectsBadLengths(string backend)
    {
        using var scope = Backends.Force(backend);
        Assert.Equal("associatedEncryptedMetadataKey", Assert.Throws<ArgumentException>(() => ExposureKeyDerivation.ApplyMetadataKeystream(new byte[15], new byte[16], new byte[4])).ParamName);
        Assert.Equal("rollingProximityIdentifier", Assert.Throws<ArgumentException>(() => ExposureKeyDerivation.ApplyMetadataKeystream(new byte[16], new byte[4], new byte[4])).ParamName);
        Assert.Equal("data", Assert.Throws<ArgumentException>(() => ExposureKeyDerivation.ApplyMetadataKeystream(new byte[16], new byte[16], new byte[17])).ParamName);
    }

    [Theory]
    [MemberData(nameof(Backends.Supported), MemberType = typeof(Backends))]
    public void BatchKernels_RejectMismatchedBuffers(string backend)
    {
        using var scope = Backends.Force(backend);
        Assert.Equal("teks", Assert.Throws<ArgumentException>(() => KeyBatchDeriver.DeriveRpiks(new byte[20], new byte[20])).ParamName);
        Assert.Equal("rpiks", Assert.Throws<ArgumentException>(() => KeyBatchDeriver.DeriveRpiks(new byte[32], new byte[16])).ParamName);
        Assert.Equal("aemks", Assert.Throws<ArgumentException>(() => KeyBatchDeriver.DeriveKeys(new byte[32], new byte[32], new byte[48])).ParamName);
        Assert.Equal("rpiks", Assert.Throws<ArgumentException>(() => Aes128Batch.GenerateRpis(new byte[16], new uint[2], 144, new byte[2 * 144 * 16])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => Aes128Batch.GenerateRpis(new byte[32], new uint[2], 144, new byte[144 * 16])).ParamName);
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => Aes128Batch.GenerateRpis(new byte[16], new uint[1], -1, Span<byte>.Empty)).ParamName);
        Assert.Equal("firstIntervals", Assert.Throws<ArgumentOutOfRangeException>(() =>
            Aes128Batch.GenerateRpis(new byte[32], new uint[] { 5, uint.MaxValue - 142 }, 144, new byte[2 * 144 * 16])).ParamName);
        Assert.Equal("teks", Assert.Throws<ArgumentException>(() => KeyBatchDeriver.GenerateRpis(new byte[16], new uint[2], 1, new byte[32])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => KeyBatchDeriver.GenerateRpis(new byte[32], new uint[2], 1, new byte[16])).ParamName);
        Assert.Equal("firstIntervals", Assert.Throws<ArgumentOutOfRangeException>(() => KeyBatchDeriver.GenerateRpis(new byte[16], new uint[] { uint.MaxValue }, 2, new byte[32])).ParamName);
        Assert.Equal("keys", Assert.Throws<ArgumentException>(() => Aes128Batch.EncryptBlocks(new byte[16], new byte[32], new byte[32])).ParamName);
    }

    [Fact]
    public void Force_UnsupportedBackend_Throws_AndScopesRestore()
    {
        foreach (CryptoBackendKind kind in Enum.GetValues<CryptoBackendKind>().Where(k => !CryptoBackend.IsSupported(k)))
        {
            Assert.Throws<PlatformNotSupportedException>(() => CryptoBackend.Force(kind));
        }

        using (CryptoBackend.Force(CryptoBackendKind.Portable))
        {
            Assert.Equal(CryptoBackendKind.Portable, CryptoBackend.Current);
            using (CryptoBackend.Force(CryptoBackend.Best))
            {
                Assert.Equal(CryptoBackend.Best, CryptoBackend.Current);
            }

            Assert.Equal(CryptoBackendKind.Portable, CryptoBackend.Current);
        }

        Assert.Equal(CryptoBackend.Best, CryptoBackend.Current);
    }
}
