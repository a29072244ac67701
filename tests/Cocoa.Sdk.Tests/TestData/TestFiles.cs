namespace Cocoa.Sdk.Tests.TestData;

/// <summary>Locates test data copied next to the test assembly and the shared reference folder beside the checkout.</summary>
internal static class TestFiles
{
    public static string Local(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    /// <summary>Path inside <c>../shared</c> (the reference material beside the repository).</summary>
    public static string Shared(string relativePath)
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", relativePath);
            if (File.Exists(candidate) || Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"shared/{relativePath} not found above {AppContext.BaseDirectory}");
    }
}
