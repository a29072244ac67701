namespace Cocoa.TestInfrastructure;

/// <summary>Finds the Chromium executable the page tests drive (never installs one).</summary>
public static class ChromiumBrowser
{
    /// <summary>Variable naming the Chromium executable, or <c>off</c> to skip the browser tests.</summary>
    public const string Variable = "COCOA_CHROMIUM";

    private static readonly string[] s_names = ["chromium", "chromium-browser", "google-chrome"];

    /// <summary>
    /// The path of Chromium: <c>COCOA_CHROMIUM</c>, else the first of chromium, chromium-browser, google-chrome on PATH.
    /// Throws, saying how to enable the browser tests, when there is none.
    /// </summary>
    public static string Find() =>
        Configured() is { } configured
            ? (File.Exists(configured) ? configured : throw new InvalidOperationException($"{Variable}={configured}: no such file (expected the Chromium executable)."))
            : ExecutableSearch.OnPath(s_names) ?? throw new InvalidOperationException(Unavailable());

    /// <summary>Why the browser tests cannot run here (one line saying how to enable them), or null when they can.</summary>
    public static string? Unavailable() =>
        Environment.GetEnvironmentVariable(Variable) == "off"
            ? $"browser test off ({Variable}=off)"
            : Configured() is null && ExecutableSearch.OnPath(s_names) is null
                ? $"needs Chromium: install chromium or set {Variable}=<path of the executable>"
                : null;

    private static string? Configured() => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value && value != "off" ? value : null;
}
