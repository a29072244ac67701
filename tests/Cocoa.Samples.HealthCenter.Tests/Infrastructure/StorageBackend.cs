using System.Text;
using Cocoa.TestInfrastructure;
using Npgsql;

namespace Cocoa.Samples.HealthCenter.Tests.Infrastructure;

/// <summary>Where a test's health center stores its data; the same suites run on both.</summary>
public abstract class StorageBackend : IAsyncDisposable
{
    /// <summary>Extra command-line arguments selecting this backend.</summary>
    public abstract Task<string[]> ArgsAsync();

    /// <summary>Everything stored, as text (for checking that no clear-text number is in it).</summary>
    public abstract Task<string> DumpAsync(string dataDir);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

public sealed class SqliteBackend : StorageBackend
{
    public override Task<string[]> ArgsAsync() => Task.FromResult(Array.Empty<string>());

    public override Task<string> DumpAsync(string dataDir)
    {
        var sb = new StringBuilder();
        foreach (string file in Directory.GetFiles(dataDir, "healthcenter.db*"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            sb.Append(Encoding.Latin1.GetString(copy.ToArray()));
        }

        return Task.FromResult(sb.ToString());
    }
}

public sealed class PostgresBackend : StorageBackend
{
    private PostgresTestDatabase? _database;

    public string ConnectionString => _database?.ConnectionString ?? throw new InvalidOperationException("Not created.");

    public override async Task<string[]> ArgsAsync()
    {
        _database ??= await PostgresTestDatabase.CreateAsync("healthcenter");
        return ["--postgres", _database.ConnectionString];
    }

    public override async Task<string> DumpAsync(string dataDir)
    {
        var sb = new StringBuilder();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        foreach (string table in new[] { "patients", "number_cycles", "audit_log", "schema_version" })
        {
            await using var cmd = new NpgsqlCommand($"SELECT t::text FROM {table} t", connection);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                sb.AppendLine(reader.GetString(0));
            }
        }

        return sb.ToString();
    }

    public override async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
