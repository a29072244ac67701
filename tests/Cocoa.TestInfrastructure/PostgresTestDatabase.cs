using Npgsql;

namespace Cocoa.TestInfrastructure;

/// <summary>
/// A throw-away PostgreSQL database for one test class, on a server chosen as follows:
/// <list type="bullet">
/// <item><c>COCOA_TEST_POSTGRES=&lt;connection string&gt;</c>: that server (a role allowed to create databases);</item>
/// <item>otherwise, when PostgreSQL's binaries are installed: a private server started for this test process
/// (<see cref="PrivatePostgresServer"/>), stopped when it exits;</item>
/// <item>otherwise, or with <c>COCOA_TEST_POSTGRES=off</c>: a <see cref="MachineFactAttribute"/> test in a class marked
/// <c>[Requires(MachineDependency.Postgres)]</c> is skipped with one line saying how to enable it (a failure instead when
/// <c>COCOA_REQUIRE_POSTGRES=1</c>).</item>
/// </list>
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    /// <summary>Variable with the connection string of a server to use, or <c>off</c> to skip the PostgreSQL suites.</summary>
    public const string Variable = "COCOA_TEST_POSTGRES";

    private static readonly Lock s_privateLock = new();
    private static Task<string>? s_private;

    private PostgresTestDatabase(string serverConnectionString, string databaseName)
    {
        ServerConnectionString = serverConnectionString;
        DatabaseName = databaseName;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = databaseName, Pooling = true }.ConnectionString;
    }

    /// <summary>Connection string of the maintenance database.</summary>
    public string ServerConnectionString { get; }

    /// <summary>Name of the fresh database.</summary>
    public string DatabaseName { get; }

    /// <summary>Connection string of the fresh database.</summary>
    public string ConnectionString { get; }

    /// <summary>Creates a new empty database named after <paramref name="prefix"/> plus a random suffix.</summary>
    public static async Task<PostgresTestDatabase> CreateAsync(string prefix = "cocoa_test")
    {
        string server = await ServerAsync().ConfigureAwait(false);
        string name = $"{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        return new PostgresTestDatabase(server, name);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    /// <summary>Why PostgreSQL tests cannot run here (one line saying how to enable them), or null when they can.</summary>
    public static string? Unavailable() =>
        Environment.GetEnvironmentVariable(Variable) switch
        {
            "off" => $"PostgreSQL tests off ({Variable}=off)",
            { Length: > 0 } => null,
            _ => PrivatePostgresServer.FindBinaries() is null
                ? $"needs PostgreSQL: install postgresql (initdb and pg_ctl; tests start a private server) or set {Variable}=<connection string>"
                : null,
        };

    private static async Task<string> ServerAsync()
    {
        if (Unavailable() is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            return configured;
        }

        lock (s_privateLock)
        {
            // One private server per test process, started by the first test that needs it (a failure is kept, not retried).
            s_private ??= StartPrivateServerAsync();
        }

        return await s_private.ConfigureAwait(false);
    }

    private static async Task<string> StartPrivateServerAsync() =>
        (await PrivatePostgresServer.StartAsync(PrivatePostgresServer.FindBinaries()!).ConfigureAwait(false)).ConnectionString;
}
