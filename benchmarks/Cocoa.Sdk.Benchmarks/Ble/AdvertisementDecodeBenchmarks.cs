using BenchmarkDotNet.Attributes;
using Cocoa.Sdk.Ble;
using Cocoa.Sdk.Crypto;

namespace Cocoa.Sdk.Benchmarks.Ble;

/// <summary>
/// Decoding one scan's worth of advertisements (64: half exposure-notification with and without Flags, half foreign:
/// iBeacon manufacturer data, Eddystone service data, a name): the library's span walker against a naive
/// list-and-LINQ parser.
/// </summary>
[MemoryDiagnoser]
public class AdvertisementDecodeBenchmarks
{
    private byte[][] _scan = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var scan = new List<byte[]>();
        for (int i = 0; i < 64; i++)
        {
            byte[] rpi = new byte[16];
            byte[] aem = new byte[4];
            random.NextBytes(rpi);
            random.NextBytes(aem);
            byte[] en = ExposureNotificationAdvertisement.Encode(new ExposureNotificationPayload(RollingProximityIdentifier.FromBytes(rpi), AssociatedEncryptedMetadata.FromBytes(aem)));
            scan.Add((i % 4) switch
            {
                0 => en,
                1 => en[3..],
                2 => [0x02, 0x01, 0x06, 0x1A, 0xFF, 0x4C, 0x00, 0x02, 0x15, .. rpi, 0x00, 0x01, 0x00, 0x02, 0xC5],
                _ => [0x03, 0x03, 0xAA, 0xFE, 0x0B, 0x16, 0xAA, 0xFE, 0x10, 0x00, 0x03, 0x63, 0x6F, 0x63, 0x6F, 0x61, 0x07, 0x09, 0x43, 0x4F, 0x43, 0x4F, 0x41, 0x21],
            });
        }

        _scan = [.. scan];
    }

    [Benchmark(Baseline = true, Description = "naive: List<(type, byte[])> + LINQ")]
    public int Naive()
    {
        int found = 0;
        foreach (byte[] advertisement in _scan)
        {
            if (NaiveAdvertisementParser.TryDecode(advertisement, out ExposureNotificationPayload payload))
            {
                found += payload.EncryptedMetadata.GetHashCode() & 1;
            }
        }

        return found;
    }

    [Benchmark(Description = "library: ExposureNotificationAdvertisement.TryDecode (span walk)")]
    public int Library()
    {
        int found = 0;
        foreach (byte[] advertisement in _scan)
        {
            if (ExposureNotificationAdvertisement.TryDecode(advertisement, out ExposureNotificationPayload payload))
            {
                found += payload.EncryptedMetadata.GetHashCode() & 1;
            }
        }

        return found;
    }
}
