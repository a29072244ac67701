using Xunit;

namespace Cocoa.Cli.Tests;

public class BleCommandTests
{
    private const string Vector0Advertisement = "02011a03036ffd17166ffd8be6cd371c5c891604bfbe49df84509672033874";

    [Fact]
    public void Encode_Vector0_PrintsSpecificationExample()
    {
        CliResult result = CliRunner.Run("ble", "encode", "--rpi", "8be6cd371c5c891604bfbe49df845096", "--aem", "72033874");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Vector0Advertisement + "\n", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Encode_UpperCaseInput_PrintsLowerCase()
    {
        CliResult result = CliRunner.Run("ble", "encode", "--rpi", "8BE6CD371C5C891604BFBE49DF845096", "--aem", "72033874");
        Assert.Equal(Vector0Advertisement + "\n", result.Stdout);
    }

    [Theory]
    [InlineData(Vector0Advertisement)]
    [InlineData("03036ffd17166ffd8be6cd371c5c891604bfbe49df84509672033874")]
    [InlineData("03036FFD17166FFD8BE6CD371C5C891604BFBE49DF84509672033874")]
    [InlineData("17166ffd8be6cd371c5c891604bfbe49df8450967203387402011a")]
    public void Decode_Vector0Variants_PrintsJson(string hex)
    {
        CliResult result = CliRunner.Run("ble", "decode", hex);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("{\"rpi\":\"8be6cd371c5c891604bfbe49df845096\",\"aem\":\"72033874\"}\n", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Decode_ServiceDataInScanResponse()
    {
        CliResult result = CliRunner.Run("ble", "decode", "02011a03036ffd", "--scan-response", "17166ffd8be6cd371c5c891604bfbe49df84509672033874");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("{\"rpi\":\"8be6cd371c5c891604bfbe49df845096\",\"aem\":\"72033874\"}\n", result.Stdout);
    }

    [Fact]
    public void EncodeThenDecode_EveryVector_RoundTrips()
    {
        foreach ((_, string rpi, string aem) in GaenVectors.Advertised)
        {
            CliResult encoded = CliRunner.Run("ble", "encode", "--rpi", rpi, "--aem", aem);
            CliResult decoded = CliRunner.Run("ble", "decode", encoded.Stdout.Trim());
            Assert.Equal($"{{\"rpi\":\"{rpi}\",\"aem\":\"{aem}\"}}\n", decoded.Stdout);
        }
    }

    [Theory]
    [InlineData("", "no 16-bit service data")]
    [InlineData("02011a03036ffd", "no 16-bit service data")]
    [InlineData("17169ffe8be6cd371c5c891604bfbe49df84509672033874", "UUID 0xFE9F")]
    [InlineData("02011a03036ffd17166ffd8be6cd371c5c891604bfbe49df845096720338", "declares 23 bytes")]
    [InlineData("18166ffd8be6cd371c5c891604bfbe49df8450967203387400", "21 payload bytes")]
    public void Decode_NotAnAdvertisement_PrintsReasonAndExitsTwo(string hex, string reason)
    {
        CliResult result = CliRunner.Run("ble", "decode", hex);

        CliAssert.BadInput(result);
        Assert.Contains(reason, result.Stderr, StringComparison.Ordinal);
    }

    public static TheoryData<string[]> BadArguments => new()
    {
        new[] { "ble", "encode", "--aem", "72033874" },
        new[] { "ble", "encode", "--rpi", "8be6cd371c5c891604bfbe49df845096" },
        new[] { "ble", "encode", "--rpi", "8be6cd371c5c891604bfbe49df8450", "--aem", "72033874" },
        new[] { "ble", "encode", "--rpi", "8be6cd371c5c891604bfbe49df84509600", "--aem", "72033874" },
        new[] { "ble", "encode", "--rpi", "xbe6cd371c5c891604bfbe49df845096", "--aem", "72033874" },
        new[] { "ble", "encode", "--rpi", "8be6cd371c5c891604bfbe49df845096", "--aem", "720338" },
        new[] { "ble", "encode", "--rpi", "8be6cd371c5c891604bfbe49df845096", "--aem", "7203387g" },
        new[] { "ble", "decode" },
        new[] { "ble", "decode", "02011" },
        new[] { "ble", "decode", "02011g" },
        new[] { "ble", "decode", "02 01 1a" },
        new[] { "ble", "decode", "02011a", "03036ffd" },
        new[] { "ble", "decode", "02011a03036ffd", "--scan-response", "xyz" },
        new[] { "ble", "decode", new string('0', 4000) },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void Ble_BadArguments_ExitTwoWithOneStderrLineAndNoStdout(string[] args) => CliAssert.BadInput(CliRunner.Run(args));
}
