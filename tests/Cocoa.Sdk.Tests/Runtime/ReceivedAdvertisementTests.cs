using Cocoa.Sdk.Ble;
using Cocoa.Sdk.Runtime;
using Cocoa.Sdk.Runtime.Internal;
using Cocoa.Sdk.Simulation;
using FsCheck.Xunit;
using Microsoft.Extensions.Options;
using Xunit;

namespace Cocoa.Sdk.Tests.Runtime;

/// <summary>Whatever an adapter delivers, the runtime stores only well-formed EN advertisements and never fails.</summary>
public sealed class ReceivedAdvertisementTests
{
    [Property(MaxTest = 2000)]
    public bool Random_bytes_never_throw_and_are_accepted_only_when_the_codec_accepts_them(byte[] data, bool raw, int rssi)
    {
        var report = raw ? BleAdvertisementReport.FromAdvertisingData(data, rssi) : BleAdvertisementReport.FromServiceData(data, rssi);
        bool accepted = ReportDecoder.TryDecode(report, out ExposureNotificationPayload payload);
        bool expected = rssi is >= -127 and <= 20
            && (raw ? ExposureNotificationAdvertisement.TryDecode(data, out _) : data.Length == ExposureNotificationPayload.Length);
        return accepted == expected && (!accepted || raw || payload.ToArray().AsSpan().SequenceEqual(data));
    }

    [Fact]
    public async Task Garbage_reports_are_dropped_and_counted_while_valid_ones_are_stored()
    {
        await using var h = new RuntimeHarness();
        var device = h.Air.AddDevice("a", RadioProfile.Pixel4, new Position(0, 0));
        var valid = ExposureNotificationPayload.FromBytes(Enumerable.Range(1, 20).Select(i => (byte)i).ToArray());
        var scanner = new FixedScanner(
        [
            BleAdvertisementReport.FromAdvertisingData(ExposureNotificationAdvertisement.Encode(valid), -60),
            BleAdvertisementReport.FromServiceData(valid.ToArray(), -61),
            BleAdvertisementReport.FromAdvertisingData(new byte[] { 0xff, 0x16, 0x6f }, -60),          // length runs past the data
            BleAdvertisementReport.FromServiceData(new byte[16], -60),                                  // too short for an AEM
            BleAdvertisementReport.FromServiceData(valid.ToArray(), 127),                               // "RSSI not available"
            BleAdvertisementReport.FromAdvertisingData(ReadOnlyMemory<byte>.Empty, -50),
            new BleAdvertisementReport((BleReportFormat)9, valid.ToArray(), -60),
        ]);
        await using var client = new ExposureNotificationClient(
            Options.Create(new ExposureNotificationOptions { DatabasePath = h.Files.PathFor("garbage.db"), DurableWrites = false }),
            device.Advertiser, scanner, h.Time, logger: null);
        await client.GrantConsentAsync();
        await client.StartAsync();
        h.Advance(TimeSpan.FromMinutes(6));

        var sightings = client.Store.GetSightings(DateTimeOffset.UnixEpoch);
        Assert.True(scanner.Calls >= 1);
        Assert.Equal(2 * scanner.Calls, sightings.Count);
        Assert.All(sightings, s => Assert.Equal(valid.Identifier, s.Rpi));
        Assert.Equal(scanner.Calls, client.Store.GetScans(DateTimeOffset.UnixEpoch).Count);
    }

    private sealed class FixedScanner(IReadOnlyList<BleAdvertisementReport> reports) : IBleScanner
    {
        public int Calls { get; private set; }

        public BluetoothState State => BluetoothState.On;

        public event EventHandler? StateChanged
        {
            add { }
            remove { }
        }

        public Task<IReadOnlyList<BleAdvertisementReport>> ScanAsync(TimeSpan duration, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(reports);
        }
    }
}
