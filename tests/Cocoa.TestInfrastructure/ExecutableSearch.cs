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

    public static bool IsExecutable(string path)
    {
        try
        {
            // new FileInfo(...).Exists follows symbolic links only as far as the link itself: a dangling link (e.g.
            // /usr/local/bin/initdb after PostgreSQL was removed) must count as missing, so the target is checked.
            var file = new FileInfo(path);
            FileSystemInfo? target = file.LinkTarget is null ? file : file.ResolveLinkTarget(returnFinalTarget: true);
            return target is { Exists: true } && (OperatingSystem.IsWindows()
                || (File.GetUnixFileMode(target.FullName) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
