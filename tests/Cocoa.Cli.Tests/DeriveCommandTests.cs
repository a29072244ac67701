using System.Text.Json;
using Xunit;

namespace Cocoa.Cli.Tests;

public class DeriveCommandTests
{
    [Fact]
    public void Derive_OfficialVector_DefaultCount_Prints144ItemsWithoutAem()
    {
        CliResult result = CliRunner.Run("derive", "--tek", GaenVectors.Tek, "--interval", GaenVectors.Interval.ToString());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Assert.Single(result.StdoutLines);
        using JsonDocument doc = JsonDocument.Parse(result.Stdout);
        JsonElement root = doc.RootElement;
        Assert.Equal(["tek", "rpik", "aemk", "items"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("75c734c6dd1a782de7a965da5eb93125", root.GetProperty("tek").GetString());
        Assert.Equal("185ad91db69ec7dd048960f1f3ba6175", root.GetProperty("rpik").GetString());
        Assert.Equal(GaenVectors.Aemk, root.GetProperty("aemk").GetString());

        JsonElement[] items = [.. root.GetProperty("items").EnumerateArray()];
        Assert.Equal(144, items.Length);
        var expected = GaenVectors.Advertised;
        for (int i = 0; i < 144; i++)
        {
            Assert.Equal(["interval", "rpi"], items[i].EnumerateObject().Select(p => p.Name));
            Assert.Equal(expected[i].Interval, items[i].GetProperty("interval").GetUInt32());
            Assert.Equal(expected[i].Rpi, items[i].GetProperty("rpi").GetString());
        }
    }

    [Fact]
    public void Derive_WithMetadata_AddsEveryOfficialAem()
    {
        CliResult result = CliRunner.Run("derive", "--tek", GaenVectors.Tek, "--interval", "2642976", "--metadata", GaenVectors.Metadata);

        Assert.Equal(0, result.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(result.Stdout);
        JsonElement[] items = [.. doc.RootElement.GetProperty("items").EnumerateArray()];
        Assert.Equal(GaenVectors.Advertised.Select(a => (a.Interval, a.Rpi, a.Aem)), items.Select(i =>
            (i.GetProperty("interval").GetUInt32(), i.GetProperty("rpi").GetString()!, i.GetProperty("aem").GetString()!)));
    }

    [Fact]
    public void Derive_CountAndOffset_ItemsCoverIntervalToIntervalPlusCountMinusOne()
    {
        // Start in the middle of the vector day, upper-case input: lowercase output, RPIs of intervals 2642986..2642988.
        CliResult result = CliRunner.Run("derive", "--tek", GaenVectors.Tek.ToUpperInvariant(), "--interval", "2642986", "--count", "3", "--metadata", "40080000");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "{\"tek\":\"75c734c6dd1a782de7a965da5eb93125\",\"rpik\":\"185ad91db69ec7dd048960f1f3ba6175\",\"aemk\":\"" + GaenVectors.Aemk + "\",\"items\":["
            + string.Join(',', GaenVectors.Advertised.Skip(10).Take(3).Select(a => $"{{\"interval\":{a.Interval},\"rpi\":\"{a.Rpi}\",\"aem\":\"{a.Aem}\"}}"))
            + "]}\n",
            result.Stdout);
    }

    [Theory]
    [InlineData("0", "1")]
    [InlineData("4294967295", "1")]
    [InlineData("4294967200", "96")]
    public void Derive_IntervalRangeEdges_Succeed(string interval, string count)
    {
        CliResult result = CliRunner.Run("derive", "--tek", GaenVectors.Tek, "--interval", interval, "--count", count);

        Assert.Equal(0, result.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(result.Stdout);
        JsonElement[] items = [.. doc.RootElement.GetProperty("items").EnumerateArray()];
        Assert.Equal(int.Parse(count), items.Length);
        Assert.Equal(uint.Parse(interval) + (uint)items.Length - 1, items[^1].GetProperty("interval").GetUInt32());
    }

    public static TheoryData<string[]> BadArguments => new()
    {
        new[] { "derive", "--interval", "2642976" },
        new[] { "derive", "--tek", "75c734c6dd1a782de7a965da5eb93125" },
        new[] { "derive", "--tek", "75c734c6dd1a782de7a965da5eb931", "--interval", "2642976" },
        new[] { "derive", "--tek", "75c734c6dd1a782de7a965da5eb9312500", "--interval", "2642976" },
        new[] { "derive", "--tek", "zzc734c6dd1a782de7a965da5eb93125", "--interval", "2642976" },
        new[] { "derive", "--tek", "", "--interval", "2642976" },
        new[] { "derive", "--tek", "75c734c6dd1a782de7a965da5eb93125", "--interval", "abc" },
        new[] { "derive", "--tek", "75c734c6dd1a782de7a965da5eb93125", "--interval", "-1" },
        new[] { "derive", "--tek", "75c734c6dd1a782de7a965da5eb93125", "--interval=-1" },
        new[] { "derive", "--tek", "75c734c6dd1a782de7a965da5eb93125", "--interval", "4294967296" },
        new[] { "derive", "--tek", "75c734c6dd1a782de7a965da5eb93125", "--interval", "99999999999999999999999" },
        new[] { "derive", "--tek", "75c734c6dd1a782de7a965da5eb93125", "--interval", "1.5" },
        new[] { "derive", "--tek", "75c734c6dd1a782de7a965da5eb93125", "--interval" },
        new[] { "derive", "--tek", "75c734c6dd1a782de7a965da5eb93125", "--interval", "4294967295", "--count", "2" },
        new[] { "derive", "--tek", "75c734c6dd1a782de7a965da5eb93125", "--interval", "2642976", "--count", "0" },
        new[] { "derive", "--tek", "75c734c6dd1a782de7a965da5eb93125", "--interval", "2642976", "--count", "-3" },
        new[] { "derive", "--tek", "75c734c6dd1a782de7a965da5eb93125", "--interval", "2642976", "--count", "many" },
        new[] { "derive", "--tek", "75c734c6dd1a782de7a965da5eb93125", "--interval", "2642976", "--count", "100001" },
        new[] { "derive", "--tek", "75c734c6dd1a782de7a965da5eb93125", "--interval", "2642976", "--metadata", "400800" },
        new[] { "derive", "--tek", "75c734c6dd1a782de7a965da5eb93125", "--interval", "2642976", "--metadata", "4008000000" },
        new[] { "derive", "--tek", "75c734c6dd1a782de7a965da5eb93125", "--interval", "2642976", "--metadata", "4008000g" },
        new[] { "derive", "--tek", "75c734c6dd1a782de7a965da5eb93125", "--interval", "2642976", "--bogus" },
        new[] { "derive", "--tek", "75c734c6dd1a782de7a965da5eb93125", "--interval", "2642976", "extra" },
        new[] { "derive", "--tek", "75c734c6dd1a782de7a965da5eb93125", "--tek", "75c734c6dd1a782de7a965da5eb93125", "--interval", "1" },
        new[] { "not-a-command" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void Derive_BadArguments_ExitTwoWithOneStderrLineAndNoStdout(string[] args) => CliAssert.BadInput(CliRunner.Run(args));
}

public class UsageErrorTests
{
    [Theory]
    [InlineData("bogus")]
    [InlineData("ble", "frobnicate")]
    [InlineData("derive", "--tek", "75c734c6dd1a782de7a965da5eb93125", "--interval", "1", "stray")]
    public void UnknownToken_IsNamedInTheOneLineMessage(params string[] args)
    {
        CliResult result = CliRunner.Run(args);

        CliAssert.BadInput(result);
        Assert.Contains($"got \"{args[^1]}\"", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("ble")]
    [InlineData("export")]
    public void BareCommand_PrintsItsUsageOnStderr_ExitTwo(params string[] args)
    {
        CliResult result = CliRunner.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("Usage:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--help", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_PrintsUsageOnStdoutAndSucceeds()
    {
        CliResult result = CliRunner.Run("ble", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("encode", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("decode", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("", result.Stderr);
    }
}
