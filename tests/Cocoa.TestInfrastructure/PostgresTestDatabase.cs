using System.Diagnostics;
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

            string? script = FindSetupScript();
            if (script is null)
            {
                throw new InvalidOperationException("PostgreSQL is not reachable and .ci/setup-postgres.sh was not found; start PostgreSQL or set COCOA_TEST_POSTGRES.");
            }

            using var process = Process.Start(new ProcessStartInfo("bash", script) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            string output = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false) + await process.StandardError.ReadToEndAsync().ConfigureAwait(false);
            await process.WaitForExitAsync().ConfigureAwait(false);
            if (process.ExitCode != 0 || !await CanConnectAsync(server).ConfigureAwait(false))
            {
                throw new InvalidOperationException($"Could not start PostgreSQL with {script}: {output}");
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

    private static string? FindSetupScript()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, ".ci", "setup-postgres.sh");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
