using Cocoa.Samples.HealthCenter.Storage;
using Cocoa.Sdk.Verification;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Cocoa.Samples.HealthCenter.Tests;

/// <summary>Upgrading a database written by an older health center.</summary>
public sealed class StoreMigrationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cocoa-hc-migration-").FullName;

    [Fact]
    public async Task A_version_2_database_moves_its_failure_budgets_to_the_library_counter()
    {
        string path = Path.Combine(_directory, "healthcenter.db");
        var first = new SqliteHealthCenterStore(path);
        await first.InitializeAsync(default);

        // Turn it back into what version 2 wrote: its own failure_events table, no verification_failures.
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using SqliteCommand downgrade = connection.CreateCommand();
            downgrade.CommandText = """
                DELETE FROM schema_version WHERE version = 3;
                DROP TABLE verification_failures;
                CREATE TABLE failure_events (bucket TEXT NOT NULL, at BIGINT NOT NULL);
                INSERT INTO failure_events (bucket, at) VALUES ('old', 1);
                """;
            await downgrade.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        var upgraded = new SqliteHealthCenterStore(path);
        Assert.Equal(3, await upgraded.GetSchemaVersionAsync(default));
        Assert.Equal(["verification_failures"], await TablesLikeAsync(path, "%failure%"));

        IVerificationFailureCounter counter = upgraded.CreateFailureCounter(TimeProvider.System);
        await counter.RecordFailureAsync("client:a", 1, TimeSpan.FromMinutes(10));
        Assert.NotNull(await counter.GetRetryAfterAsync("client:a", 1, TimeSpan.FromMinutes(10)));
        Assert.Null(await counter.GetRetryAfterAsync("client:b", 1, TimeSpan.FromMinutes(10)));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task<List<string>> TablesLikeAsync(string path, string pattern)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using SqliteCommand query = connection.CreateCommand();
        query.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE @p ORDER BY name";
        query.Parameters.AddWithValue("@p", pattern);
        var names = new List<string>();
        await using SqliteDataReader reader = await query.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
