using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Crypto.Internal;
using Cocoa.Sdk.Tests.Crypto.Vectors;
using FsCheck;
using FsCheck.Xunit;
using Xunit;

namespace Cocoa.Sdk.Tests.Crypto;

/// <summary>
/// Random TEKs, intervals, metadata and batch sizes: every backend (portable, scalar, 8-lane, 16-lane) must agree
/// with BouncyCastle, an independent implementation.
/// </summary>
public class CrossImplementationProperties
{
    [Property(MaxTest = 60)]
    public void DerivedKeys_AgreeWithBouncyCastle_OnEveryBackend(ulong high, ulong low)
    {
        byte[] tek = Key(high, low);
        byte[] expectedRpik = BouncyCastleReference.Rpik(tek);
        byte[] expectedAemk = BouncyCastleReference.Aemk(tek);
        foreach (CryptoBackendKind backend in CryptoBackend.Supported)
        {
            using var scope = CryptoBackend.Force(backend);
            var rpik = new byte[16];
            var aemk = new byte[16];
            ExposureKeyDerivation.DeriveRollingProximityIdentifierKey(tek, rpik);
            ExposureKeyDerivation.DeriveAssociatedEncryptedMetadataKey(tek, aemk);
            Assert.Equal(expectedRpik, rpik);
            Assert.Equal(expectedAemk, aemk);

            ExposureKeyDerivation.DeriveKeys(tek, rpik.AsSpan(), aemk.AsSpan());
            Assert.Equal(expectedRpik, rpik);
            Assert.Equal(expectedAemk, aemk);
        }
    }

    [Property(MaxTest = 60)]
    public void Rpis_AgreeWithBouncyCastle_OnEveryBackend(ulong high, ulong low, uint firstInterval, byte countSeed)
    {
        byte[] rpik = Key(high, low);
        int count = 1 + (countSeed % 160);
        uint first = Math.Min(firstInterval, uint.MaxValue - (uint)(count - 1));
        byte[] expected = Enumerable.Range(0, count).SelectMany(i => BouncyCastleReference.Rpi(rpik, first + (uint)i)).ToArray();
        foreach (CryptoBackendKind backend in CryptoBackend.Supported)
        {
            using var scope = CryptoBackend.Force(backend);
            var rpis = new byte[count * 16];
            ExposureKeyDerivation.GenerateRollingProximityIdentifiers(rpik, new EnIntervalNumber(first), rpis);
            Assert.Equal(expected, rpis);

            var single = ExposureKeyDerivation.GenerateRollingProximityIdentifier(RollingProximityIdentifierKey.FromBytes(rpik), new EnIntervalNumber(first + (uint)(count - 1)));
            Assert.Equal(expected[^16..], single.ToArray());
        }
    }

    [Property(MaxTest = 60)]
    public void Aem_AgreesWithBouncyCastleCtr_AndDecryptInvertsEncrypt(ulong keyHigh, ulong keyLow, ulong rpiHigh, ulong rpiLow, uint metadataBits)
    {
        byte[] aemk = Key(keyHigh, keyLow);
        byte[] rpi = Key(rpiHigh, rpiLow);
        byte[] metadata = BitConverter.GetBytes(metadataBits);
        byte[] expected = BouncyCastleReference.AesCtr(aemk, rpi, metadata);
        foreach (CryptoBackendKind backend in CryptoBackend.Supported)
        {
            using var scope = CryptoBackend.Force(backend);
            var key = AssociatedEncryptedMetadataKey.FromBytes(aemk);
            var identifier = RollingProximityIdentifier.FromBytes(rpi);
            var plain = ExposureMetadata.FromBytes(metadata);
            AssociatedEncryptedMetadata aem = ExposureKeyDerivation.EncryptMetadata(key, identifier, plain);
            Assert.Equal(expected, aem.ToArray());
            Assert.Equal(plain, ExposureKeyDerivation.DecryptMetadata(key, identifier, aem));

            byte[] buffer = (byte[])metadata.Clone();
            ExposureKeyDerivation.ApplyMetadataKeystream(aemk, rpi, buffer);
            Assert.Equal(expected, buffer);
            ExposureKeyDerivation.ApplyMetadataKeystream(aemk, rpi, buffer);
            Assert.Equal(metadata, buffer);
        }
    }

    [Property(MaxTest = 25)]
    public void BatchKernels_AgreeWithBouncyCastle_ForAnyBatchSize(byte sizeSeed, int seed, byte countSeed)
    {
        int n = sizeSeed % 140;
        // A whole day (144) takes the interleaved path of the native X86ShaNi kernel; other counts its plain one.
        int count = countSeed % 4 == 0 ? 144 : countSeed % 20;
        var random = new Random(seed);
        byte[] teks = new byte[n * 16];
        random.NextBytes(teks);
        uint[] firsts = Enumerable.Range(0, n).Select(_ => (uint)random.NextInt64(0, (long)uint.MaxValue - 144)).ToArray();
        if (n > 0)
        {
            firsts[^1] = count == 0 ? uint.MaxValue : uint.MaxValue - (uint)(count - 1);
        }

        byte[][] expectedRpiks = Enumerable.Range(0, n).Select(i => BouncyCastleReference.Rpik(teks[(i * 16)..((i + 1) * 16)])).ToArray();
        byte[][] expectedAemks = Enumerable.Range(0, n).Select(i => BouncyCastleReference.Aemk(teks[(i * 16)..((i + 1) * 16)])).ToArray();
        byte[] expectedRpis = Enumerable.Range(0, n)
            .SelectMany(i => Enumerable.Range(0, count).SelectMany(j => BouncyCastleReference.Rpi(expectedRpiks[i], firsts[i] + (uint)j)))
            .ToArray();
        foreach (CryptoBackendKind backend in CryptoBackend.Supported)
        {
            using var scope = CryptoBackend.Force(backend);
            var rpiks = new byte[n * 16];
            var aemks = new byte[n * 16];
            KeyBatchDeriver.DeriveKeys(teks, rpiks, aemks);
            Assert.Equal(expectedRpiks.SelectMany(k => k).ToArray(), rpiks);
            Assert.Equal(expectedAemks.SelectMany(k => k).ToArray(), aemks);

            var rpis = new byte[n * count * 16];
            Aes128Batch.GenerateRpis(rpiks, firsts, count, rpis);
            Assert.Equal(expectedRpis, rpis);

            var fused = new byte[n * count * 16];
            KeyBatchDeriver.GenerateRpis(teks, firsts, count, fused);
            Assert.Equal(expectedRpis, fused);
        }
    }

    [Fact]
    public void EveryLaneWidth_IsExercised_OnThisMachine()
    {
        // The AVX paths must really run in CI on x86-64 machines with AES-NI (unless disabled by runtime switches).
        Assert.Contains(CryptoBackendKind.Portable, CryptoBackend.Supported);
        Assert.Equal(CryptoBackend.Supported[^1], CryptoBackend.Best);
        foreach (CryptoBackendKind kind in CryptoBackend.Supported)
        {
            using var scope = CryptoBackend.Force(kind);
            Assert.Equal(kind, CryptoBackend.Current);
            Assert.Equal(CryptoBackend.LaneCount(kind), KeyBatchDeriver.LaneCount);
        }

        Assert.Equal(CryptoBackend.Best, CryptoBackend.Current);
    }

    private static byte[] Key(ulong high, ulong low)
    {
        byte[] key = new byte[16];
        BitConverter.TryWriteBytes(key.AsSpan(0, 8), high);
        BitConverter.TryWriteBytes(key.AsSpan(8, 8), low);
        return key;
    }
}
