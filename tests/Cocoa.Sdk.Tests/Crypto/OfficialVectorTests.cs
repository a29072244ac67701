using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Crypto.Internal;
using Cocoa.Sdk.Tests.Crypto.Vectors;
using Xunit;

namespace Cocoa.Sdk.Tests.Crypto;

/// <summary>Every official v1.2 vector (RPIK, AEMK, 144 RPIs, 144 AEMs), through the public API and the batch kernels, on each backend.</summary>
public class OfficialVectorTests
{
    private static readonly GaenVectors V = GaenVectors.Official;

    [Fact]
    public void VectorFile_HasAll144Items()
    {
        Assert.Equal(144, V.Items.Count);
        for (int i = 0; i < 144; i++)
        {
            Assert.Equal(i, V.Items[i].Index);
            Assert.Equal(V.FirstInterval + (uint)i, V.Items[i].Interval);
        }

        Assert.Equal(V.FirstInterval, EnIntervalNumber.FromUnixSeconds(V.KeyGenerationUnixSeconds).Value);
    }

    [Theory]
    [MemberData(nameof(Backends.Supported), MemberType = typeof(Backends))]
    public void Rpik_And_Aemk_MatchOfficial(string backend)
    {
        using var scope = Backends.Force(backend);
        var tek = TemporaryExposureKey.FromBytes(V.Tek, new EnIntervalNumber(V.FirstInterval));

        Assert.Equal(V.Rpik, ExposureKeyDerivation.DeriveRollingProximityIdentifierKey(tek).ToArray());
        Assert.Equal(V.Aemk, ExposureKeyDerivation.DeriveAssociatedEncryptedMetadataKey(tek).ToArray());

        ExposureKeyDerivation.DeriveKeys(tek, out RollingProximityIdentifierKey rpik, out AssociatedEncryptedMetadataKey aemk);
        Assert.Equal(V.Rpik, rpik.ToArray());
        Assert.Equal(V.Aemk, aemk.ToArray());

        var rpikBytes = new byte[16];
        var aemkBytes = new byte[16];
        ExposureKeyDerivation.DeriveRollingProximityIdentifierKey(V.Tek, rpikBytes);
        ExposureKeyDerivation.DeriveAssociatedEncryptedMetadataKey(V.Tek, aemkBytes);
        Assert.Equal(V.Rpik, rpikBytes);
        Assert.Equal(V.Aemk, aemkBytes);

        Array.Clear(rpikBytes);
        Array.Clear(aemkBytes);
        ExposureKeyDerivation.DeriveKeys(V.Tek, rpikBytes, aemkBytes);
        Assert.Equal(V.Rpik, rpikBytes);
        Assert.Equal(V.Aemk, aemkBytes);
    }

    [Theory]
    [MemberData(nameof(Backends.Supported), MemberType = typeof(Backends))]
    public void All144Rpis_MatchOfficial_InOneCall(string backend)
    {
        using var scope = Backends.Force(backend);
        var rpis = new byte[144 * 16];
        ExposureKeyDerivation.GenerateRollingProximityIdentifiers(V.Rpik, new EnIntervalNumber(V.FirstInterval), rpis);
        Assert.Equal(Convert.ToHexStringLower(V.AllRpis), Convert.ToHexStringLower(rpis));
    }

    [Theory]
    [MemberData(nameof(Backends.Supported), MemberType = typeof(Backends))]
    public void EachRpi_MatchesOfficial_OneAtATime(string backend)
    {
        using var scope = Backends.Force(backend);
        var rpik = RollingProximityIdentifierKey.FromBytes(V.Rpik);
        foreach (AdvertisedItem item in V.Items)
        {
            RollingProximityIdentifier rpi = ExposureKeyDerivation.GenerateRollingProximityIdentifier(rpik, new EnIntervalNumber(item.Interval));
            Assert.Equal(item.Rpi, rpi.ToArray());
        }
    }

    [Theory]
    [MemberData(nameof(Backends.Supported), MemberType = typeof(Backends))]
    public void All144Aems_MatchOfficial_AndDecryptToMetadata(string backend)
    {
        using var scope = Backends.Force(backend);
        var aemk = AssociatedEncryptedMetadataKey.FromBytes(V.Aemk);
        var metadata = ExposureMetadata.FromBytes(V.Metadata);
        Assert.Equal(8, metadata.TxPowerDbm);
        foreach (AdvertisedItem item in V.Items)
        {
            var rpi = RollingProximityIdentifier.FromBytes(item.Rpi);
            AssociatedEncryptedMetadata aem = ExposureKeyDerivation.EncryptMetadata(aemk, rpi, metadata);
            Assert.Equal(item.Aem, aem.ToArray());
            Assert.Equal(metadata, ExposureKeyDerivation.DecryptMetadata(aemk, rpi, AssociatedEncryptedMetadata.FromBytes(item.Aem)));

            byte[] span = (byte[])V.Metadata.Clone();
            ExposureKeyDerivation.ApplyMetadataKeystream(V.Aemk, item.Rpi, span);
            Assert.Equal(item.Aem, span);
        }
    }

    [Theory]
    [MemberData(nameof(Backends.Supported), MemberType = typeof(Backends))]
    public void RoundTripVector_MatchesDerivedRpi(string backend)
    {
        using var scope = Backends.Force(backend);
        var rpik = new byte[16];
        var rpi = new byte[16];
        ExposureKeyDerivation.DeriveRollingProximityIdentifierKey(V.RoundTripTek, rpik);
        ExposureKeyDerivation.GenerateRollingProximityIdentifiers(rpik, new EnIntervalNumber(V.RoundTripInterval), rpi);
        Assert.Equal(V.RoundTripRpi, rpi);
    }

    [Theory]
    [MemberData(nameof(Backends.Supported), MemberType = typeof(Backends))]
    public void BatchKernels_ReproduceOfficialVectors_AtEveryPosition(string backend)
    {
        using var scope = Backends.Force(backend);
        foreach (int n in new[] { 1, 7, 8, 9, 16, 17, 33, 65 })
        {
            byte[] teks = Repeat(V.Tek, n);
            var rpiks = new byte[n * 16];
            var aemks = new byte[n * 16];
            KeyBatchDeriver.DeriveKeys(teks, rpiks, aemks);
            Assert.Equal(Repeat(V.Rpik, n), rpiks);
            Assert.Equal(Repeat(V.Aemk, n), aemks);

            Array.Clear(rpiks);
            KeyBatchDeriver.DeriveRpiks(teks, rpiks);
            Assert.Equal(Repeat(V.Rpik, n), rpiks);

            Array.Clear(aemks);
            KeyBatchDeriver.DeriveAemks(teks, aemks);
            Assert.Equal(Repeat(V.Aemk, n), aemks);

            uint[] firsts = Enumerable.Repeat(V.FirstInterval, n).ToArray();
            var rpis = new byte[n * 144 * 16];
            Aes128Batch.GenerateRpis(rpiks, firsts, 144, rpis);
            Assert.Equal(Repeat(V.AllRpis, n), rpis);

            Array.Clear(rpis);
            KeyBatchDeriver.GenerateRpis(teks, firsts, 144, rpis);
            Assert.Equal(Repeat(V.AllRpis, n), rpis);

            byte[] keystreams = new byte[n * 16];
            Aes128Batch.EncryptBlocks(aemks, Repeat(V.Items[0].Rpi, n), keystreams);
            for (int i = 0; i < n; i++)
            {
                for (int b = 0; b < 4; b++)
                {
                    Assert.Equal(V.Items[0].Aem[b], (byte)(keystreams[(i * 16) + b] ^ V.Metadata[b]));
                }
            }
        }
    }

    private static byte[] Repeat(byte[] value, int times) => Enumerable.Repeat(value, times).SelectMany(b => b).ToArray();
}
