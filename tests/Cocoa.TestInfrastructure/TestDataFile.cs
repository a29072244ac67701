namespace Cocoa.TestInfrastructure;

/// <summary>
/// The repository's test data (<c>tests/TestData</c>, origins and licences in its <c>SOURCES.md</c>), copied beside the
/// test assembly by projects that set <c>UsesTestData</c> (see <c>tests/Directory.Build.props</c>).
/// </summary>
public static class TestDataFile
{
    /// <summary>The full path of <paramref name="relativePath"/> (e.g. <c>exports/google-ens/…zip</c>); throws when it is missing.</summary>
    public static string Path(string relativePath)
    {
        string path = System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", relativePath);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"Test data file {relativePath} not found at {path}: it belongs in tests/TestData and the test project needs <UsesTestData>true</UsesTestData>.", path);
    }
}
