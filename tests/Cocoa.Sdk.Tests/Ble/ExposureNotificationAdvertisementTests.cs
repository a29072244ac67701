using Cocoa.Sdk.Ble;
using Cocoa.Sdk.Crypto;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Cocoa.Sdk.Tests.Ble;

public class ExposureNotificationAdvertisementTests
{
    // gaen.md §3: the byte example built from vector RPI[0]/AEM[0].
    private const string Vector0Advertisement = "02011a03036ffd17166ffd8be6cd371c5c891604bfbe49df84509672033874";

    [Fact]
    public void Encode_Vector0_MatchesSpecificationExample()
    {
        byte[] encoded = ExposureNotificationAdvertisement.Encode(BleVectors.Payload(0));

        Assert.Equal(31, encoded.Length);
        Assert.Equal(Vector0Advertisement, Convert.ToHexStringLower(encoded));
    }

    [Fact]
    public void TryWrite_ShortBuffer_ReturnsFalseAndWritesNothing()
    {
        byte[] buffer = new byte[30];
        Assert.False(ExposureNotificationAdvertisement.TryWrite(BleVectors.Payload(0), buffer, out int written));
        Assert.Equal(0, written);
        Assert.All(buffer, b => Assert.Equal(0, b));
    }

    [Fact]
    public void TryWrite_LargerBuffer_WritesExactly31Bytes()
    {
        byte[] buffer = new byte[40];
        Array.Fill(buffer, (byte)0xEE);
        Assert.True(ExposureNotificationAdvertisement.TryWrite(BleVectors.Payload(1), buffer, out int written));
        Assert.Equal(31, written);
        Assert.Equal(ExposureNotificationAdvertisement.Encode(BleVectors.Payload(1)), buffer[..31]);
        Assert.All(buffer[31..], b => Assert.Equal(0xEE, b));
    }

    [Fact]
    public void ServiceUuid_IsFd6fOnTheBluetoothBase()
    {
        Assert.Equal(new Guid("0000fd6f-0000-1000-8000-00805f9b34fb"), ExposureNotificationAdvertisement.ServiceUuid);
        Assert.Equal(0xFD6F, ExposureNotificationAdvertisement.ServiceUuid16);
    }

    [Theory]
    [InlineData("sniffed with flags (ESP32 scanner log)", "02011a03036ffd17166ffd8be6cd371c5c891604bfbe49df84509672033874")]
    [InlineData("sniffed without flags (ADV_SCAN_IND)", "03036ffd17166ffd8be6cd371c5c891604bfbe49df84509672033874")]
    [InlineData("service data only", "17166ffd8be6cd371c5c891604bfbe49df84509672033874")]
    [InlineData("reversed order", "17166ffd8be6cd371c5c891604bfbe49df8450967203387403036ffd02011a")]
    [InlineData("other ADs around it (TX power level, name, manufacturer data)", "020a0c0609434f434f41" + "17166ffd8be6cd371c5c891604bfbe49df84509672033874" + "04ff4c0001")]
    [InlineData("zero padding after the last structure", "03036ffd17166ffd8be6cd371c5c891604bfbe49df84509672033874000000")]
    [InlineData("garbage after the zero-length terminator", "03036ffd17166ffd8be6cd371c5c891604bfbe49df8450967203387400ff17")]
    [InlineData("identical service data twice", "17166ffd8be6cd371c5c891604bfbe49df8450967203387417166ffd8be6cd371c5c891604bfbe49df84509672033874")]
    [InlineData("foreign service data before ours", "05169ffe0102" + "17166ffd8be6cd371c5c891604bfbe49df84509672033874")]
    [InlineData("flags with unusual value and incomplete UUID list", "020106" + "03026ffd" + "17166ffd8be6cd371c5c891604bfbe49df84509672033874")]
    public void TryDecode_TolerantVariants_YieldVector0(string variant, string hex)
    {
        bool ok = ExposureNotificationAdvertisement.TryDecode(Convert.FromHexString(hex), out ExposureNotificationPayload payload, out AdvertisementDecodeFailure failure);

        Assert.True(ok, $"{variant}: {failure.Message}");
        Assert.Equal(BleVectors.Payload(0), payload);
        Assert.Equal(AdvertisementDecodeError.None, failure.Error);
    }

    [Fact]
    public void TryDecode_ServiceDataInScanResponse_IsFound()
    {
        byte[] advertising = Convert.FromHexString("02011a03036ffd");
        byte[] scanResponse = Convert.FromHexString("17166ffd8be6cd371c5c891604bfbe49df84509672033874");

        Assert.True(ExposureNotificationAdvertisement.TryDecode(advertising, scanResponse, out ExposureNotificationPayload payload, out _));
        Assert.Equal(BleVectors.Payload(0), payload);
    }

    [Fact]
    public void TryDecode_DifferentPayloadsInAdvertisingDataAndScanResponse_AreRejected()
    {
        byte[] advertising = ExposureNotificationAdvertisement.Encode(BleVectors.Payload(0));
        byte[] scanResponse = ExposureNotificationAdvertisement.Encode(BleVectors.Payload(1));

        Assert.False(ExposureNotificationAdvertisement.TryDecode(advertising, scanResponse, out ExposureNotificationPayload payload, out AdvertisementDecodeFailure failure));
        Assert.Equal(default, payload);
        Assert.Equal(AdvertisementDecodeError.ConflictingPayloads, failure.Error);
        Assert.True(failure.InScanResponse);
        Assert.Equal(7, failure.Offset);
    }

    [Theory]
    [InlineData("", AdvertisementDecodeError.MissingServiceData, -1, 0)]
    [InlineData("00", AdvertisementDecodeError.MissingServiceData, -1, 0)]
    [InlineData("02011a03036ffd", AdvertisementDecodeError.MissingServiceData, -1, 0)]
    [InlineData("02011a03036ffd17166ffd8be6cd371c5c891604bfbe49df845096720338", AdvertisementDecodeError.TruncatedStructure, 7, 0x17)]
    [InlineData("02011a05", AdvertisementDecodeError.TruncatedStructure, 3, 5)]
    [InlineData("ff", AdvertisementDecodeError.TruncatedStructure, 0, 255)]
    [InlineData("0216aa", AdvertisementDecodeError.MalformedServiceData, 0, 1)]
    [InlineData("0116", AdvertisementDecodeError.MalformedServiceData, 0, 0)]
    [InlineData("17169ffe8be6cd371c5c891604bfbe49df84509672033874", AdvertisementDecodeError.WrongServiceUuid, 0, 0xFE9F)]
    [InlineData("02011a17166ffe8be6cd371c5c891604bfbe49df84509672033874", AdvertisementDecodeError.WrongServiceUuid, 3, 0xFE6F)]
    [InlineData("16166ffd8be6cd371c5c891604bfbe49df845096720338", AdvertisementDecodeError.InvalidPayloadLength, 0, 19)]
    [InlineData("18166ffd8be6cd371c5c891604bfbe49df8450967203387400", AdvertisementDecodeError.InvalidPayloadLength, 0, 21)]
    [InlineData("13166ffd8be6cd371c5c891604bfbe49df845096", AdvertisementDecodeError.InvalidPayloadLength, 0, 16)]
    [InlineData("03166ffd", AdvertisementDecodeError.InvalidPayloadLength, 0, 0)]
    [InlineData("17166ffd8be6cd371c5c891604bfbe49df8450967203387417166ffd3c9a1de5dd6b02afa7fded7b570b3e56c29211b1", AdvertisementDecodeError.ConflictingPayloads, 24, 0)]
    public void TryDecode_NotAnAdvertisement_GivesReason(string hex, AdvertisementDecodeError error, int offset, int value)
    {
        bool ok = ExposureNotificationAdvertisement.TryDecode(Convert.FromHexString(hex), out ExposureNotificationPayload payload, out AdvertisementDecodeFailure failure);

        Assert.False(ok);
        Assert.Equal(default, payload);
        Assert.Equal(error, failure.Error);
        Assert.Equal(offset, failure.Offset);
        Assert.Equal(value, failure.Value);
        Assert.False(string.IsNullOrWhiteSpace(failure.Message));
        Assert.DoesNotContain('\n', failure.Message);
    }

    [Fact]
    public void Failure_Message_NamesTheForeignUuid()
    {
        ExposureNotificationAdvertisement.TryDecode(Convert.FromHexString("05169ffe0102"), out _, out AdvertisementDecodeFailure failure);
        Assert.Equal("not an exposure-notification advertisement: service data is for UUID 0xFE9F, not 0xFD6F (AD structure at offset 0)", failure.Message);
        Assert.Equal(failure.Message, failure.ToString());
    }

    [Property]
    public bool DecodeOfEncode_IsIdentity(Guid rpiSeed, int aemSeed)
    {
        ExposureNotificationPayload payload = PayloadFrom(rpiSeed, aemSeed);
        byte[] encoded = ExposureNotificationAdvertisement.Encode(payload);
        return ExposureNotificationAdvertisement.TryDecode(encoded, out ExposureNotificationPayload decoded) && decoded == payload;
    }

    [Property]
    public bool EncodeOfDecode_IsIdentity_ForCanonicalData(Guid rpiSeed, int aemSeed)
    {
        byte[] canonical = ExposureNotificationAdvertisement.Encode(PayloadFrom(rpiSeed, aemSeed));
        return ExposureNotificationAdvertisement.TryDecode(canonical, out ExposureNotificationPayload decoded)
            && ExposureNotificationAdvertisement.Encode(decoded).AsSpan().SequenceEqual(canonical);
    }

    [Property]
    public bool Decode_FindsPayloadAmongRandomStructures_InAnyOrder(Guid rpiSeed, int aemSeed, byte[][] others, int position)
    {
        ExposureNotificationPayload payload = PayloadFrom(rpiSeed, aemSeed);
        var structures = new List<byte[]>();
        foreach (byte[] other in others ?? [])
        {
            if (other is null || other.Length == 0)
            {
                continue;
            }

            byte type = other[0] == ExposureNotificationAdvertisement.ServiceData16AdType ? (byte)0xFF : other[0];
            byte[] data = other[1..Math.Min(other.Length, 30)];
            structures.Add([(byte)(data.Length + 1), type, .. data]);
        }

        byte[] ours = ExposureNotificationAdvertisement.Encode(payload)[7..];
        structures.Insert((int)((uint)position % (uint)(structures.Count + 1)), ours);
        byte[] advertisement = [.. structures.SelectMany(s => s)];

        return ExposureNotificationAdvertisement.TryDecode(advertisement, out ExposureNotificationPayload decoded) && decoded == payload;
    }

    [Property(MaxTest = 2000)]
    public void TryDecode_RandomBytes_NeverThrowsAndNeverInventsAPayload(byte[] advertising, byte[] scanResponse)
    {
        advertising ??= [];
        scanResponse ??= [];
        bool ok = ExposureNotificationAdvertisement.TryDecode(advertising, scanResponse, out ExposureNotificationPayload payload, out AdvertisementDecodeFailure failure);
        AssertConsistent(ok, payload, failure, advertising, scanResponse);
    }

    [Property(MaxTest = 2000)]
    public void TryDecode_MutatedValidAdvertisement_NeverThrowsAndNeverInventsAPayload(Guid rpiSeed, int aemSeed, byte index, byte value, byte cut)
    {
        byte[] data = ExposureNotificationAdvertisement.Encode(PayloadFrom(rpiSeed, aemSeed));
        data[index % data.Length] = value;
        data = data[..(data.Length - (cut % 8))];

        bool ok = ExposureNotificationAdvertisement.TryDecode(data, [], out ExposureNotificationPayload payload, out AdvertisementDecodeFailure failure);
        AssertConsistent(ok, payload, failure, data, []);
    }

    [Property]
    public Property ByteStrings_MadeOfSmallLengths_NeverThrow() =>
        Prop.ForAll(
            Gen.ArrayOf(Gen.Elements<byte>(0x00, 0x01, 0x02, 0x03, 0x16, 0x17, 0x6f, 0xfd, 0xff)).ToArbitrary(),
            bytes =>
            {
                bool ok = ExposureNotificationAdvertisement.TryDecode(bytes, default, out ExposureNotificationPayload payload, out AdvertisementDecodeFailure failure);
                AssertConsistent(ok, payload, failure, bytes, []);
            });

    private static void AssertConsistent(bool ok, ExposureNotificationPayload payload, AdvertisementDecodeFailure failure, byte[] advertising, byte[] scanResponse)
    {
        if (ok)
        {
            // Independent oracle: the payload must be the body of a "17 16 6F FD" structure present in the input.
            Assert.Equal(default, failure);
            byte[] expected = [0x17, 0x16, 0x6F, 0xFD, .. payload.ToArray()];
            Assert.True(
                advertising.AsSpan().IndexOf(expected) >= 0 || scanResponse.AsSpan().IndexOf(expected) >= 0,
                "decoded a payload that is not in the input");
        }
        else
        {
            Assert.Equal(default, payload);
            Assert.NotEqual(AdvertisementDecodeError.None, failure.Error);
            Assert.False(string.IsNullOrWhiteSpace(failure.Message));
        }
    }

    private static ExposureNotificationPayload PayloadFrom(Guid rpiSeed, int aemSeed)
    {
        Span<byte> aem = stackalloc byte[4];
        BitConverter.TryWriteBytes(aem, aemSeed);
        return new ExposureNotificationPayload(RollingProximityIdentifier.FromBytes(rpiSeed.ToByteArray()), AssociatedEncryptedMetadata.FromBytes(aem));
    }
}
