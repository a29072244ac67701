using System.Text.Json;
using Xunit;

namespace Cocoa.Cli.Tests;

/// <summary>Runs the built <c>cocoa</c> executable as a real child process, as scripts and other tools will.</summary>
public class ProcessTests
{
    [Fact]
    public void Cocoa_AsProcess_DerivesAndReportsBadInput()
    {
        CliResult derive = CliRunner.RunProcess("derive", "--tek", GaenVectors.Tek, "--interval", "2642976", "--count", "1", "--metadata", "40080000");
        Assert.Equal(0, derive.ExitCode);
        Assert.Equal("", derive.Stderr);
        using (JsonDocument doc = JsonDocument.Parse(derive.Stdout))
        {
            JsonElement item = Assert.Single(doc.RootElement.GetProperty("items").EnumerateArray());
            Assert.Equal("8be6cd371c5c891604bfbe49df845096", item.GetProperty("rpi").GetString());
            Assert.Equal("72033874", item.GetProperty("aem").GetString());
        }

        CliResult encode = CliRunner.RunProcess("ble", "encode", "--rpi", "8be6cd371c5c891604bfbe49df845096", "--aem", "72033874");
        Assert.Equal("02011a03036ffd17166ffd8be6cd371c5c891604bfbe49df84509672033874\n", encode.Stdout);

        CliAssert.BadInput(CliRunner.RunProcess("ble", "decode", "0201"));
        CliAssert.BadInput(CliRunner.RunProcess("derive", "--tek", GaenVectors.Tek, "--interval", "-5"));
    }
}
