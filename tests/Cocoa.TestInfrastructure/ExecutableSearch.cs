namespace Cocoa.TestInfrastructure;

/// <summary>Looks up executables the way a shell does.</summary>
internal static class ExecutableSearch
{
    /// <summary>The full path of the first of <paramref name="names"/> found in a PATH directory, or null.</summary>
    public static string? OnPath(params string[] names)
    {
        string[] dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (string name in names)
        {
            foreach (string dir in dirs)
            {
                string candidate = Path.Combine(dir, name);
                if (IsExecutable(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    public static bool IsExecutable(string path) =>
        File.Exists(path) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
