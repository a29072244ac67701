using Cocoa.Sdk.Configuration;
using Xunit;

namespace Cocoa.Sdk.Tests.Configuration;

public sealed class CommandLineSwitchesTests
{
    private static readonly string[] Known = ["--data-dir", "--min-days-since-onset", "--urls"];

    [Theory]
    [InlineData("--data-dir /tmp --urls http://127.0.0.1:5000")]
    [InlineData("--data-dir=/tmp --min-days-since-onset -3")]
    [InlineData("--data-dir /tmp --Logging:LogLevel:Default=Debug")]
    [InlineData("")]
    public void Known_switches_pass_and_values_are_skipped(string commandLine) =>
        Assert.True(CommandLineSwitches.TryValidate(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries), Known, out string? problem), problem);

    [Theory]
    [InlineData("--data-dir /tmp --min-days-since-onsett -3", "--min-days-since-onsett: unknown option (did you mean --min-days-since-onset?)")]
    [InlineData("--blob-connection-string x", "--blob-connection-string: unknown option")]
    [InlineData("-d /tmp", "-d: unknown option")]
    [InlineData("--data-dir /tmp --datadir=/x", "--datadir: unknown option (did you mean --data-dir?)")]
    public void An_unknown_switch_is_named_in_one_line(string commandLine, string expected)
    {
        Assert.False(CommandLineSwitches.TryValidate(commandLine.Split(' '), Known, out string? problem));
        Assert.Equal(expected, problem);
    }
}
