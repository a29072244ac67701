using System.Diagnostics;

namespace Cocoa.TestInfrastructure;

/// <summary>
/// Runs one of the repository's <c>.ci/setup-*.sh</c> scripts (they install and start what a test needs, and do nothing
/// when it is already there), so the README's test command also works on a machine where CI's setup has not run.
/// </summary>
public static class CiSetupScript
{
    /// <summary>Runs <c>.ci/<paramref name="name"/></c> and throws with its output when it fails.</summary>
    public static async Task RunAsync(string name)
    {
        string script = Path.Combine(RepositoryPaths.Root, ".ci", name);
        if (!File.Exists(script))
        {
            throw new FileNotFoundException($"{script} not found.", script);
        }

        using var process = Process.Start(new ProcessStartInfo("bash", script) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed (exit {process.ExitCode}): {await stdout.ConfigureAwait(false)}{await stderr.ConfigureAwait(false)}");
        }
    }
}
