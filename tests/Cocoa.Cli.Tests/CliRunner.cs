using System.Diagnostics;

namespace Cocoa.Cli.Tests;

/// <summary>The result of one <c>cocoa</c> invocation.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string[] StdoutLines => Lines(Stdout);

    public string[] StderrLines => Lines(Stderr);

    private static string[] Lines(string text) => text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n');
}

/// <summary>Runs <c>cocoa</c> in-process (<see cref="CocoaCli.Run"/>) or as a real process.</summary>
internal static class CliRunner
{
    public static CliResult Run(params string[] args)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        int exit = CocoaCli.Run(args, stdout, stderr);
        return new CliResult(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs the built <c>cocoa</c> executable (the apphost next to the test assembly) as a child process.</summary>
    public static CliResult RunProcess(params string[] args)
    {
        string apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "cocoa.exe" : "cocoa");
        var start = File.Exists(apphost)
            ? new ProcessStartInfo(apphost)
            : new ProcessStartInfo("dotnet") { ArgumentList = { Path.Combine(AppContext.BaseDirectory, "cocoa.dll") } };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("cocoa did not start");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("cocoa did not exit within 60 s");
        }

        return new CliResult(process.ExitCode, stdout.Result.ReplaceLineEndings("\n"), stderr.Result.ReplaceLineEndings("\n"));
    }
}
