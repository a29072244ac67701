using System.Diagnostics;
using Cocoa.TestInfrastructure;
using Xunit;

namespace Cocoa.EndToEnd.Tests;

/// <summary>Every program's <c>--help</c> prints its usage on stdout and exits 0 (the <c>cocoa</c> tool's own are in Cocoa.Cli.Tests).</summary>
public sealed class HelpTests
{
    [Theory]
    [InlineData("Cocoa.Demo", "--scenario")]
    [InlineData("Cocoa.Samples.App", "--notification-server")]
    [InlineData("Cocoa.Samples.HealthCenter", "--operator-token")]
    [InlineData("Cocoa.Samples.NotificationServer", "--health-center")]
    public async Task Help_prints_the_usage_and_exits_0(string program, string mentions)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        // Each program from its own build output (its deps.json), in the configuration these tests were built in.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string configuration = output.Parent!.Name;
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "samples", program, "bin", configuration, output.Name, program + ".dll"));
        start.ArgumentList.Add("--help");
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        string usage = await stdout;

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("usage:", usage, StringComparison.Ordinal);
        Assert.Contains(mentions, usage, StringComparison.Ordinal);
        Assert.Equal("", await stderr);
    }
}
