using System.Data.Common;
using Npgsql;

namespace Cocoa.Samples.HealthCenter.Storage;

/// <summary>PostgreSQL storage (Npgsql); one-time consumption relies on the row lock of <c>UPDATE … WHERE</c>.</summary>
public sealed class PostgresHealthCenterStore : SqlHealthCenterStore, IAsyncDisposable
{
    private const long MigrationLockKey = 0x636f636f61686301; // "cocoahc\x01"

    private static readonly (int, string)[] s_migrations =
    [
        (1, """
            CREATE TABLE patients (
              id TEXT PRIMARY KEY, name TEXT NOT NULL, name_kana TEXT NOT NULL, phone TEXT NULL, email TEXT NULL,
              health_center TEXT NOT NULL, created_at BIGINT NOT NULL);
            CREATE TABLE number_cycles (
              patient_id TEXT PRIMARY KEY REFERENCES patients(id), version BIGINT NOT NULL, state TEXT NOT NULL,
              number_hash BYTEA NULL, issued_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, reissue_count BIGINT NOT NULL,
              message_id TEXT NOT NULL, message_sent_at BIGINT NULL, reminder_due_at BIGINT NULL, reminder_message_id TEXT NULL,
              reminder_sent_at BIGINT NULL, used_at BIGINT NULL);
            CREATE UNIQUE INDEX ux_number_cycles_hash ON number_cycles (number_hash);
            CREATE INDEX ix_number_cycles_due ON number_cycles (state, expires_at);
            CREATE TABLE audit_log (
              id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at BIGINT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
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

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the store on the database of <paramref name="connectionString"/>.</summary>
    public PostgresHealthCenterStore(string connectionString) => _dataSource = NpgsqlDataSource.Create(connectionString);

    /// <inheritdoc/>
    protected override IReadOnlyList<(int Version, string Sql)> Migrations => s_migrations;

    /// <inheritdoc/>
    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    /// <inheritdoc/>
    protected override async Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockKey})", cancellationToken);

    /// <inheritdoc/>
    protected override SaveResult? ClassifyConflict(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg
            ? pg.ConstraintName == "ux_number_cycles_hash" ? SaveResult.DuplicateHash : SaveResult.VersionConflict
            : null;

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
