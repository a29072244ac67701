using Npgsql;

namespace Cocoa.TestInfrastructure;

/// <summary>
/// A throw-away PostgreSQL database on the local server for one test class. The server is the one
/// <c>.ci/setup-postgres.sh</c> starts; if it is not reachable, that script is run once (it installs and starts it).
/// Connection string of the server: environment variable <c>COCOA_TEST_POSTGRES</c>, default role/password cocoa on 127.0.0.1:5432.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=cocoa;Password=cocoa;Database=postgres;Pooling=false";
    private static readonly SemaphoreSlim s_startLock = new(1, 1);
    private static bool s_started;

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
        string server = Environment.GetEnvironmentVariable("COCOA_TEST_POSTGRES") ?? DefaultServer;
        await EnsureServerAsync(server).ConfigureAwait(false);
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

    private static async Task EnsureServerAsync(string server)
    {
        await s_startLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (s_started || await CanConnectAsync(server).ConfigureAwait(false))
            {
                s_started = true;
                return;
            }

            await CiSetupScript.RunAsync("setup-postgres.sh").ConfigureAwait(false);
            if (!await CanConnectAsync(server).ConfigureAwait(false))
            {
                throw new InvalidOperationException("PostgreSQL is still not reachable after .ci/setup-postgres.sh; check COCOA_TEST_POSTGRES.");
            }

            s_started = true;
        }
        finally
        {
            s_startLock.Release();
        }
    }

    private static async Task<bool> CanConnectAsync(string server)
    {
        try
        {
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync().ConfigureAwait(false);
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
