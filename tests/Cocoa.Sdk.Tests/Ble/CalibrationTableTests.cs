using Cocoa.Sdk.Ble;
using Cocoa.Sdk.Crypto;
using Cocoa.TestInfrastructure;
using Xunit;

namespace Cocoa.Sdk.Tests.Ble;

public class CalibrationTableTests
{
    private const string Header = "oem,device, model,rssi correction,tx,calibration confidence";

    private static readonly Lazy<CalibrationTable> Google = new(() => CalibrationTable.Load(TestDataFile.Path("calibration/en_calibration_2020_08_12.csv")));

    [Fact]
    public void Load_GoogleEdition20200812_ReadsEveryRow()
    {
        CalibrationTable table = Google.Value;

        Assert.Equal(11_809, table.Records.Count);
        Assert.Empty(table.Problems);
        Assert.Equal(306, table.Records.Count(r => r.Confidence == CalibrationConfidence.High));
        Assert.Equal(28, table.Records.Select(r => r.Manufacturer).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        CalibrationRecord first = table.Records[0];
        Assert.Equal(("asus", "K015", "AST21", 3, -22, CalibrationConfidence.Low, 2), (first.Manufacturer, first.Device, first.Model, (int)first.RssiCorrectionDb, (int)first.TxPowerDbm, first.Confidence, first.LineNumber));
    }

    [Fact]
    public void BuiltIn_IsTheSameTableAsTheCsv()
    {
        CalibrationTable builtIn = CalibrationTable.BuiltIn;

        Assert.Same(builtIn, CalibrationTable.BuiltIn);
        Assert.Equal(Google.Value.Records.Select(r => r.ToString()), builtIn.Records.Select(r => r.ToString()));
        Assert.Empty(builtIn.Problems);
    }

    [Theory]
    [InlineData("google", "flame", "Pixel 4", -30, 8)]
    [InlineData("Google", "FLAME", "pixel 4", -30, 8)]
    [InlineData(" google ", "flame", "Pixel 4 ", -30, 8)]
    [InlineData("google", "blueline", "Pixel 3", -33, 5)]
    [InlineData("samsung", "starlte", "SM-G960F", -27, 7)]
    public void Lookup_ExactRow_UsesItsOwnValuesAndConfidence(string manufacturer, string device, string model, int tx, int rssiCorrection)
    {
        DeviceCalibration calibration = Google.Value.Lookup(manufacturer, device, model);

        Assert.Equal(new DeviceCalibration((sbyte)tx, (sbyte)rssiCorrection, CalibrationConfidence.High, CalibrationSource.ExactModel), calibration);
    }

    [Fact]
    public void Lookup_ExactRowWithLowConfidence_KeepsLow()
    {
        DeviceCalibration calibration = Google.Value.Lookup("google", "walleye", "Pixel 2");
        Assert.Equal(new DeviceCalibration(-28, 2, CalibrationConfidence.Low, CalibrationSource.ExactModel), calibration);
    }

    [Fact]
    public void Lookup_DuplicateRowsDifferingInCase_PreferHigherConfidence()
    {
        // xiaomi,tissot_sprout,MI A1,1,-17,1 and xiaomi,tissot_sprout,Mi A1,1,-17,3
        Assert.Equal(CalibrationConfidence.High, Google.Value.Lookup("Xiaomi", "tissot_sprout", "mi a1").Confidence);
    }

    [Fact]
    public void Lookup_ModelKnownUnderOtherDevices_AveragesThemWithMediumConfidence()
    {
        // HTC 10 rows: (0,-31), (1,-31), (2,-33): tx -95/3 = -31.67 -> -32, rssi 3/3 = 1.
        DeviceCalibration calibration = Google.Value.Lookup("htc", "htc_unknown", "HTC 10");
        Assert.Equal(new DeviceCalibration(-32, 1, CalibrationConfidence.Medium, CalibrationSource.SimilarDevice), calibration);
    }

    [Fact]
    public void Lookup_DeviceAndModelMatchDifferentRows_AveragesTheUnion()
    {
        // device "flame" -> Pixel 4 (8,-30); model "Pixel 4 XL" -> coral (7,-26): tx -28, rssi 7.5 -> 8 (halves away from zero).
        DeviceCalibration calibration = Google.Value.Lookup("google", "flame", "Pixel 4 XL");
        Assert.Equal(new DeviceCalibration(-28, 8, CalibrationConfidence.Medium, CalibrationSource.SimilarDevice), calibration);
    }

    [Fact]
    public void Lookup_UnknownModelOfKnownManufacturer_UsesManufacturerAverageWithLowConfidence()
    {
        Assert.Equal(new DeviceCalibration(-28, 2, CalibrationConfidence.Low, CalibrationSource.Manufacturer), Google.Value.Lookup("GOOGLE", "newphone", "Pixel 99"));
        Assert.Equal(new DeviceCalibration(-24, 5, CalibrationConfidence.Low, CalibrationSource.Manufacturer), Google.Value.Lookup("samsung", "", ""));
    }

    [Fact]
    public void Lookup_UnknownManufacturer_UsesFleetAverageWithLowestConfidence()
    {
        // 11,809 rows: mean tx -22.93 -> -23, mean rssi correction 3.54 -> 4.
        var expected = new DeviceCalibration(-23, 4, CalibrationConfidence.Lowest, CalibrationSource.Fleet);
        Assert.Equal(expected, Google.Value.Lookup("Apple", "iPhone12,1", "iPhone 11"));
        Assert.Equal(expected, Google.Value.FleetAverage);
    }

    [Fact]
    public void DeviceCalibration_CreateMetadata_CarriesTxPowerAndConfidence()
    {
        ExposureMetadata metadata = Google.Value.Lookup("google", "flame", "Pixel 4").CreateMetadata();

        Assert.Equal(-30, metadata.TxPowerDbm);
        Assert.Equal(CalibrationConfidence.High, metadata.CalibrationConfidence);
        Assert.Equal(1, metadata.MajorVersion);
        Assert.Equal("4ce20000", metadata.ToString());
    }

    [Fact]
    public void Parse_MalformedRows_AreSkippedAndReportedWithLineNumbers()
    {
        string csv = string.Join('\n',
            Header,
            "acme,one,One,3,-20,1",
            "acme,two,Two,3,-20",
            "",
            "acme,three,Three,x,-20,1",
            "acme,four,Four,3,-200,1",
            "acme,five,Five,3,-20,4",
            "acme,,Six,3,-20,1",
            "acme,\"seven,7\",\"Seven \"\"Plus\"\"\",5,-22,3",
            "acme,\"eight,Eight,3,-20,1");

        CalibrationTable table = CalibrationTable.Parse(new StringReader(csv));

        Assert.Equal(["one", "seven,7"], table.Records.Select(r => r.Device));
        Assert.Equal("Seven \"Plus\"", table.Records[1].Model);
        Assert.Equal(9, table.Records[1].LineNumber);
        Assert.Equal([3, 5, 6, 7, 8, 10], table.Problems.Select(p => p.LineNumber));
        Assert.Contains("expected 6 fields, found 5", table.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("rssi correction 'x'", table.Problems[1].Message, StringComparison.Ordinal);
        Assert.Contains("tx '-200'", table.Problems[2].Message, StringComparison.Ordinal);
        Assert.Contains("confidence '4'", table.Problems[3].Message, StringComparison.Ordinal);
        Assert.StartsWith("line 10: unterminated", table.Problems[5].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ReorderedColumnsAndCrLf_AreAccepted()
    {
        string csv = "TX,Calibration Confidence,OEM,Model,Device,RSSI Correction\r\n-25,2,acme,Rocket,rocket,-3\r\n";
        CalibrationTable table = CalibrationTable.Parse(new StringReader(csv));

        Assert.Equal(new DeviceCalibration(-25, -3, CalibrationConfidence.Medium, CalibrationSource.ExactModel), table.Lookup("ACME", "Rocket", "rocket"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("oem,device,rssi correction,tx,calibration confidence\nacme,one,3,-20,1")]
    [InlineData("oem,device, model,rssi correction,tx,calibration confidence")]
    [InlineData("oem,device, model,rssi correction,tx,calibration confidence\nacme,one\nacme")]
    public void Parse_UnusableFile_ThrowsFormatException(string csv)
    {
        var ex = Assert.Throws<CalibrationTableFormatException>(() => CalibrationTable.Parse(new StringReader(csv)));
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }

    [Fact]
    public void Parse_AllRowsMalformed_ListsTheProblems()
    {
        var ex = Assert.Throws<CalibrationTableFormatException>(() => CalibrationTable.Parse(new StringReader($"{Header}\nacme,one\nacme,two,Two,1,1,9")));
        Assert.Equal([2, 3], ex.Problems.Select(p => p.LineNumber));
    }

    [FsCheck.Xunit.Property]
    public void Parse_RandomRows_NeverThrowAnythingButFormatException(string[] lines)
    {
        string csv = Header + "\n" + string.Join('\n', (lines ?? []).Select(l => (l ?? string.Empty).Replace('\r', ' ').Replace('\n', ' ')));
        try
        {
            CalibrationTable table = CalibrationTable.Parse(new StringReader(csv));
            Assert.Equal(lines!.Count(l => !string.IsNullOrWhiteSpace(l)), table.Records.Count + table.Problems.Count);
        }
        catch (CalibrationTableFormatException)
        {
        }
    }
}
