using Cocoa.Sdk.Ble;
using Cocoa.Sdk.Crypto;
using Xunit;

namespace Cocoa.Sdk.Tests.Ble;

public class ExposureNotificationPayloadTests
{
    [Fact]
    public void FromBytes_SplitsRpiAndAem()
    {
        (string rpi, string aem) = BleVectors.Advertised(0);
        var payload = ExposureNotificationPayload.FromBytes(Convert.FromHexString(rpi + aem));

        Assert.Equal(rpi, payload.Identifier.ToString());
        Assert.Equal(aem, payload.EncryptedMetadata.ToString());
        Assert.Equal(rpi + aem, payload.ToString());
        Assert.Equal(Convert.FromHexString(rpi + aem), payload.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(19)]
    [InlineData(21)]
    public void FromBytes_WrongLength_Throws(int length) =>
        Assert.Throws<ArgumentException>(() => ExposureNotificationPayload.FromBytes(new byte[length]));

    [Fact]
    public void CopyTo_ShortDestination_Throws() =>
        Assert.Throws<ArgumentException>(() => BleVectors.Payload(0).CopyTo(new byte[19]));

    [Fact]
    public void Equality_ComparesBothParts()
    {
        ExposureNotificationPayload a = BleVectors.Payload(0);
        var sameRpiOtherAem = new ExposureNotificationPayload(a.Identifier, AssociatedEncryptedMetadata.FromBytes([1, 2, 3, 4]));

        Assert.Equal(a, BleVectors.Payload(0));
        Assert.True(a == BleVectors.Payload(0));
        Assert.NotEqual(a, sameRpiOtherAem);
        Assert.True(a != sameRpiOtherAem);
        Assert.Equal(a.GetHashCode(), BleVectors.Payload(0).GetHashCode());
    }

    [Fact]
    public void VectorAem_DecryptsToVectorMetadata()
    {
        // The AEM carried in the advertisement decrypts (with the sender's AEMK) to the vector metadata: TX power 8 dBm.
        ExposureNotificationPayload payload = BleVectors.Payload(0);
        var aemk = AssociatedEncryptedMetadataKey.FromBytes(Convert.FromHexString(BleVectors.AemkHex));
        ExposureMetadata metadata = ExposureKeyDerivation.DecryptMetadata(aemk, payload.Identifier, payload.EncryptedMetadata);

        Assert.Equal(BleVectors.Metadata, metadata.ToString());
        Assert.Equal(8, metadata.TxPowerDbm);
    }
}
