using Cocoa.Sdk.Ble;
using Cocoa.Sdk.Crypto;
using FsCheck.Xunit;
using Xunit;

namespace Cocoa.Sdk.Tests.Ble;

public class AttenuationTests
{
    [Theory]
    [InlineData(-30, -70, 8, 32)]     // Pixel 4 receiving: -30 - (-70 + 8)
    [InlineData(8, -60, 0, 68)]       // vector metadata TX power 8 dBm
    [InlineData(-30, -30, 0, 0)]      // exactly zero
    [InlineData(-30, -20, 0, 0)]      // negative -> clamped
    [InlineData(-30, -35, 8, 0)]      // correction pushes it negative -> clamped
    [InlineData(-30, -70, -29, 69)]   // negative correction increases attenuation
    [InlineData(127, -127, -128, 382)] // the maximum
    [InlineData(-128, 126, 127, 0)]   // the minimum before clamping
    public void Compute_FollowsFormulaAndClampsAtZero(int tx, int rssi, int correction, int expected) =>
        Assert.Equal(expected, Attenuation.Compute((sbyte)tx, rssi, correction));

    [Theory]
    [InlineData(127, 0)]
    [InlineData(-128, 0)]
    [InlineData(int.MinValue, 0)]
    [InlineData(-60, 128)]
    [InlineData(-60, -129)]
    [InlineData(-60, int.MaxValue)]
    public void Compute_OutOfRangeInputs_Throw(int rssi, int correction) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Attenuation.Compute(-30, rssi, correction));

    [Fact]
    public void Compute_FromMetadataAndReceiverCalibration()
    {
        var metadata = ExposureMetadata.Create(-26, CalibrationConfidence.High);
        DeviceCalibration pixel4 = CalibrationTable.BuiltIn.Lookup("google", "flame", "Pixel 4");

        Assert.Equal(-26 - (-80 + 8), Attenuation.Compute(metadata, -80, pixel4));
    }

    [Property]
    public bool Compute_IsNeverNegative_AndMatchesFormulaWhenPositive(sbyte tx, sbyte rssiRaw, sbyte correction)
    {
        int rssi = Math.Clamp((int)rssiRaw, Attenuation.MinRssiDbm, Attenuation.MaxRssiDbm);
        int attenuation = Attenuation.Compute(tx, rssi, correction);
        int raw = tx - rssi - correction;
        return attenuation >= 0 && (raw <= 0 ? attenuation == 0 : attenuation == raw);
    }
}
