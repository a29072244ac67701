using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Cocoa.Samples.NotificationServer.Storage;

/// <summary>SQLite storage in one file (the default; one server instance).</summary>
internal sealed class SqliteKeyStore(string path) : SqlKeyStore
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 60,
    }.ToString();

    private readonly SemaphoreSlim _writeGate = new(1, 1);

    protected override string BlobType => "BLOB";

    protected override SemaphoreSlim? WriteGate => _writeGate;

    protected override string IdentityColumn => "INTEGER PRIMARY KEY AUTOINCREMENT";

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }

    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using DbCommand pragma = Command(connection, null, "PRAGMA busy_timeout = 60000; PRAGMA synchronous = NORMAL;");
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    protected override async Task CreateSchemaAsync(DbConnection connection, IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        await using (DbCommand wal = Command(connection, null, "PRAGMA journal_mode = WAL;"))
        {
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }

        await using DbTransaction transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (string sql in statements)
        {
            await using DbCommand command = Command(connection, transaction, sql);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
