namespace Cocoa.TestInfrastructure;

/// <summary>Finds the repository root and the shared reference folder beside it.</summary>
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

    /// <summary>A path inside <c>../shared</c> beside the repository.</summary>
    public static string Shared(string relativePath) => Path.GetFullPath(Path.Combine(Root, "..", "shared", relativePath));
}
