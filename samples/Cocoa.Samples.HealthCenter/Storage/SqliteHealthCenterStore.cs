using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Cocoa.Samples.HealthCenter.Storage;

/// <summary>SQLite storage in one file (WAL mode); writers are serialised by SQLite's immediate transactions.</summary>
public sealed class SqliteHealthCenterStore : SqlHealthCenterStore
{
    private static readonly (int, string)[] s_migrations =
    [
        (1, """
            CREATE TABLE patients (
              id TEXT PRIMARY KEY, name TEXT NOT NULL, name_kana TEXT NOT NULL, phone TEXT NULL, email TEXT NULL,
              health_center TEXT NOT NULL, created_at BIGINT NOT NULL);
            CREATE TABLE number_cycles (
              patient_id TEXT PRIMARY KEY REFERENCES patients(id), version BIGINT NOT NULL, state TEXT NOT NULL,
              number_hash BLOB NULL, issued_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, reissue_count BIGINT NOT NULL,
              message_id TEXT NOT NULL, message_sent_at BIGINT NULL, reminder_due_at BIGINT NULL, reminder_message_id TEXT NULL,
              reminder_sent_at BIGINT NULL, used_at BIGINT NULL);
            CREATE UNIQUE INDEX ux_number_cycles_hash ON number_cycles (number_hash);
            CREATE INDEX ix_number_cycles_due ON number_cycles (state, expires_at);
            CREATE TABLE audit_log (
              id INTEGER PRIMARY KEY AUTOINCREMENT, at BIGINT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
              patient_id TEXT NULL, detail TEXT NULL);
            CREATE INDEX ix_audit_patient ON audit_log (patient_id, id)
            """),
        (2, """
            CREATE TABLE failure_events (bucket TEXT NOT NULL, at BIGINT NOT NULL);
            CREATE INDEX ix_failure_events_bucket ON failure_events (bucket, at);
            CREATE INDEX ix_failure_events_at ON failure_events (at)
            """),
        (3, FailureCounterMigration),
    ];

    private readonly string _connectionString;

    /// <summary>Creates the store on <paramref name="databasePath"/> (created on first use).</summary>
    public SqliteHealthCenterStore(string databasePath)
    {
        DatabasePath = Path.GetFullPath(databasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>Path of the database file.</summary>
    public string DatabasePath { get; }

    /// <inheritdoc/>
    protected override IReadOnlyList<(int Version, string Sql)> Migrations => s_migrations;

    /// <inheritdoc/>
    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA busy_timeout = 30000", cancellationToken);
        return connection;
    }

    /// <inheritdoc/>
    protected override async Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL", cancellationToken);

    /// <inheritdoc/>
    protected override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask; // an immediate transaction already excludes other writers

    /// <inheritdoc/>
    protected override SaveResult? ClassifyConflict(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 19 } sqlite
            ? sqlite.Message.Contains("number_hash", StringComparison.Ordinal) ? SaveResult.DuplicateHash : SaveResult.VersionConflict
            : null;
}
