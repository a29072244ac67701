namespace Cocoa.TestInfrastructure;

/// <summary>Finds the repository root (for tests that run the repository's own programs or read its docs).</summary>
public static class RepositoryPaths
{
    /// <summary>The repository root (the folder holding Cocoa.Sdk.sln).</summary>
    public static string Root
    {
        get
        {
            for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Cocoa.Sdk.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new DirectoryNotFoundException("Cocoa.Sdk.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
