using Cocoa.Sdk.Ble;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Runtime;
using Cocoa.Sdk.Simulation;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Cocoa.Sdk.Tests.Simulation;

public sealed class SimulatedAirTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_default_model_puts_1_m_in_cocoas_near_bucket_and_5_m_beyond_its_last_threshold()
    {
        var air = new SimulatedAir(new FakeTimeProvider(T0), 1);
        Assert.Equal(50.4, air.MeanAttenuationDb(new Position(0, 0), new Position(1, 0)), 1);
        Assert.InRange(air.MeanAttenuationDb(new Position(0, 0), new Position(5, 0)), 70.0, 71.0);
        Assert.True(air.MeanAttenuationDb(new Position(0, 0), new Position(2, 0)) < 60);
    }

    [Fact]
    public void A_wall_adds_its_loss_only_to_paths_that_cross_it()
    {
        var air = new SimulatedAir(new FakeTimeProvider(T0), 1);
        air.AddWall(new Position(2.5, -10), new Position(2.5, 10), 12);
        double through = air.MeanAttenuationDb(new Position(0, 0), new Position(5, 0));
        double beside = air.MeanAttenuationDb(new Position(3, 0), new Position(8, 0));
        Assert.Equal(beside + 12, through, 6);
    }

    [Fact]
    public async Task Scanners_hear_advertisers_as_real_advertising_data_with_calibrated_rssi()
    {
        var time = new FakeTimeProvider(T0);
        var air = new SimulatedAir(time, 7, PathLossModel.Default with { NoiseSigmaDb = 0 });
        var sender = air.AddDevice("sender", RadioProfile.Pixel4, new Position(0, 0));
        var receiver = air.AddDevice("receiver", RadioProfile.FleetAverage, new Position(2, 0));
        var payload = Payload(RadioProfile.Pixel4.Calibration);
        await sender.Advertiser.StartAdvertisingAsync(payload, default);

        var reports = await receiver.Scanner.ScanAsync(TimeSpan.FromSeconds(4), default);

        Assert.Equal(16, reports.Count);
        foreach (var report in reports)
        {
            Assert.Equal(BleReportFormat.AdvertisingData, report.Format);
            Assert.Equal(ExposureNotificationAdvertisement.Length, report.Data.Length);
            Assert.True(ExposureNotificationAdvertisement.TryDecode(report.Data.Span, out var decoded));
            Assert.Equal(payload, decoded);
            int attenuation = Attenuation.Compute(RadioProfile.Pixel4.Calibration.TxPowerDbm, report.Rssi, RadioProfile.FleetAverage.Calibration.RssiCorrectionDb);
            Assert.Equal(air.MeanAttenuationDb(sender.Position, receiver.Position), attenuation, 0.5);
        }

        Assert.Empty(await sender.Scanner.ScanAsync(TimeSpan.FromSeconds(4), default)); // the receiver is silent
    }

    [Fact]
    public async Task Hardware_that_deviates_from_its_calibration_shifts_the_measured_attenuation()
    {
        var time = new FakeTimeProvider(T0);
        var air = new SimulatedAir(time, 7, PathLossModel.Default with { NoiseSigmaDb = 0 });
        var loud = RadioProfile.Pixel4 with { TransmitErrorDb = 6 };
        var sender = air.AddDevice("sender", loud, new Position(0, 0));
        var receiver = air.AddDevice("receiver", RadioProfile.Pixel4, new Position(1, 0));
        await sender.Advertiser.StartAdvertisingAsync(Payload(loud.Calibration), default);

        var report = (await receiver.Scanner.ScanAsync(TimeSpan.FromSeconds(1), default))[0];
        int attenuation = Attenuation.Compute(loud.Calibration.TxPowerDbm, report.Rssi, RadioProfile.Pixel4.Calibration.RssiCorrectionDb);
        Assert.Equal(50.4 - 6, attenuation, 0.5);
    }

    [Fact]
    public async Task Far_away_or_bluetooth_off_devices_are_not_heard_and_cannot_scan()
    {
        var time = new FakeTimeProvider(T0);
        var air = new SimulatedAir(time, 3);
        var sender = air.AddDevice("sender", RadioProfile.Pixel4, new Position(0, 0));
        var far = air.AddDevice("far", RadioProfile.Pixel4, new Position(1000, 0));
        var near = air.AddDevice("near", RadioProfile.Pixel4, new Position(0.5, 0));
        await sender.Advertiser.StartAdvertisingAsync(Payload(RadioProfile.Pixel4.Calibration), default);

        Assert.Empty(await far.Scanner.ScanAsync(TimeSpan.FromSeconds(4), default));
        Assert.NotEmpty(await near.Scanner.ScanAsync(TimeSpan.FromSeconds(4), default));

        int stateEvents = 0;
        sender.Advertiser.StateChanged += (_, _) => stateEvents++;
        sender.BluetoothEnabled = false;
        Assert.Equal(1, stateEvents);
        Assert.Equal(BluetoothState.Off, sender.Scanner.State);
        Assert.Null(sender.CurrentPayload);
        Assert.Empty(await near.Scanner.ScanAsync(TimeSpan.FromSeconds(4), default));
        await Assert.ThrowsAsync<InvalidOperationException>(() => sender.Scanner.ScanAsync(TimeSpan.FromSeconds(4), default));
    }

    [Fact]
    public async Task Each_rotation_changes_the_address()
    {
        var air = new SimulatedAir(new FakeTimeProvider(T0), 11);
        var device = air.AddDevice("d", RadioProfile.Pixel4, new Position(0, 0));
        var addresses = new HashSet<ulong>();
        for (int i = 0; i < 50; i++)
        {
            await device.Advertiser.StartAdvertisingAsync(Payload(RadioProfile.Pixel4.Calibration), default);
            addresses.Add(device.Address);
            Assert.InRange(device.Address, 0UL, (1UL << 48) - 1);
        }

        Assert.Equal(50, device.Rotations);
        Assert.Equal(50, addresses.Count);
    }

    [Fact]
    public async Task The_same_seed_replays_the_same_rssi_sequence()
    {
        static async Task<List<int>> Run(int seed)
        {
            var air = new SimulatedAir(new FakeTimeProvider(T0), seed);
            var a = air.AddDevice("a", RadioProfile.Pixel4, new Position(0, 0));
            var b = air.AddDevice("b", RadioProfile.FleetAverage, new Position(3, 1));
            await a.Advertiser.StartAdvertisingAsync(Payload(RadioProfile.Pixel4.Calibration), default);
            var rssi = new List<int>();
            for (int i = 0; i < 5; i++)
            {
                rssi.AddRange((await b.Scanner.ScanAsync(TimeSpan.FromSeconds(4), default)).Select(r => r.Rssi));
            }

            return rssi;
        }

        Assert.Equal(await Run(42), await Run(42));
        Assert.NotEqual(await Run(42), await Run(43));
        var noisy = await Run(42);
        Assert.True(noisy.Distinct().Count() > 3, "noise varies the RSSI");
    }

    private static ExposureNotificationPayload Payload(DeviceCalibration calibration)
    {
        var key = TemporaryExposureKey.Generate(EnIntervalNumber.FromDateTimeOffset(T0));
        var interval = EnIntervalNumber.FromDateTimeOffset(T0);
        var rpi = ExposureKeyDerivation.GenerateRollingProximityIdentifier(ExposureKeyDerivation.DeriveRollingProximityIdentifierKey(key), interval);
        var aem = ExposureKeyDerivation.EncryptMetadata(ExposureKeyDerivation.DeriveAssociatedEncryptedMetadataKey(key), rpi, calibration.CreateMetadata());
        return new ExposureNotificationPayload(rpi, aem);
    }
}
