using Xunit;

namespace Cocoa.Cli.Tests;

internal static class CliAssert
{
    /// <summary>The bad-input contract: exit code 2, nothing on stdout, exactly one non-empty line on stderr, no stack trace.</summary>
    public static void BadInput(CliResult result)
    {
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        string line = Assert.Single(result.StderrLines);
        Assert.StartsWith("cocoa: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Stderr, StringComparison.Ordinal);
    }
}
