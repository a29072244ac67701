using System.Data;
using System.Data.Common;
using Cocoa.Sdk.Verification;

namespace Cocoa.Samples.HealthCenter.Storage;

/// <summary>The ADO.NET implementation shared by SQLite and PostgreSQL: same tables, same parameterised statements;
/// timestamps are Unix milliseconds (64-bit integers) on both.</summary>
public abstract class SqlHealthCenterStore : IHealthCenterStore
{
    private const string CycleColumns =
        "patient_id, version, state, number_hash, issued_at, expires_at, reissue_count, message_id, message_sent_at, " +
        "reminder_due_at, reminder_message_id, reminder_sent_at, used_at";

    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    /// <summary>Migration 3 on both dialects: the failure budgets move to the library's
    /// <see cref="SqlVerificationFailureCounter"/> table. The old table only held budgets of the last minutes, which
    /// start again empty after the upgrade.</summary>
    protected static string FailureCounterMigration { get; } =
        "DROP TABLE IF EXISTS failure_events;\n" + string.Join(";\n", SqlVerificationFailureCounter.SchemaStatements);

    /// <summary>Versioned migrations of this dialect, applied in order.</summary>
    protected abstract IReadOnlyList<(int Version, string Sql)> Migrations { get; }

    /// <summary>Opens a new connection.</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Serialises concurrent migrators (inside the migration transaction).</summary>
    protected abstract Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>Classifies a constraint violation of a cycle write, or returns null for other errors.</summary>
    protected abstract SaveResult? ClassifyConflict(DbException exception);

    /// <summary>Dialect-specific preparation before migrating (e.g. SQLite's WAL mode).</summary>
    protected virtual Task PrepareAsync(DbConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }

        await _initLock.WaitAsync(cancellationToken);
        try
        {
            if (_initialized)
            {
                return;
            }

            await using DbConnection connection = await OpenAsync(cancellationToken);
            await PrepareAsync(connection, cancellationToken);
            await using DbTransaction tx = await connection.BeginTransactionAsync(cancellationToken);
            await LockForMigrationAsync(connection, tx, cancellationToken);
            await ExecuteAsync(connection, tx, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)", cancellationToken);
            int current = await ReadVersionAsync(connection, tx, cancellationToken);
            foreach ((int version, string sql) in Migrations)
            {
                if (version <= current)
                {
                    continue;
                }

                foreach (string statement in sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    await ExecuteAsync(connection, tx, statement, cancellationToken);
                }

                await using DbCommand insert = Command(connection, tx, "INSERT INTO schema_version (version, applied_at) VALUES (@v, @at)");
                Add(insert, "@v", version);
                Add(insert, "@at", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await tx.CommitAsync(cancellationToken);
            _initialized = true;
        }
        finally
        {
            _initLock.Release();
        }
    }

    /// <inheritdoc/>
    public async Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using DbConnection connection = await OpenAsync(cancellationToken);
        return await ReadVersionAsync(connection, null, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task AddPatientAsync(PatientRecord patient, AuditEntry audit, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using DbConnection connection = await OpenAsync(cancellationToken);
        await using DbTransaction tx = await connection.BeginTransactionAsync(cancellationToken);
        await using (DbCommand cmd = Command(connection, tx,
            "INSERT INTO patients (id, name, name_kana, phone, email, health_center, created_at) VALUES (@id, @name, @kana, @phone, @email, @hc, @at)"))
        {
            Add(cmd, "@id", patient.Id);
            Add(cmd, "@name", patient.Name);
            Add(cmd, "@kana", patient.NameKana);
            Add(cmd, "@phone", patient.Phone);
            Add(cmd, "@email", patient.Email);
            Add(cmd, "@hc", patient.HealthCenter);
            Add(cmd, "@at", patient.CreatedAt.ToUnixTimeMilliseconds());
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }

        await InsertAuditAsync(connection, tx, audit, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<PatientRecord?> GetPatientAsync(string id, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using DbConnection connection = await OpenAsync(cancellationToken);
        await using DbCommand cmd = Command(connection, null,
            "SELECT id, name, name_kana, phone, email, health_center, created_at FROM patients WHERE id = @id");
        Add(cmd, "@id", id);
        await using DbDataReader reader = await cmd.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadPatient(reader, 0) : null;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<(PatientRecord Patient, NumberCycle? Cycle)>> ListPatientsAsync(int limit, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using DbConnection connection = await OpenAsync(cancellationToken);
        await using DbCommand cmd = Command(connection, null,
            "SELECT p.id, p.name, p.name_kana, p.phone, p.email, p.health_center, p.created_at, " +
            "c.patient_id, c.version, c.state, c.number_hash, c.issued_at, c.expires_at, c.reissue_count, c.message_id, c.message_sent_at, " +
            "c.reminder_due_at, c.reminder_message_id, c.reminder_sent_at, c.used_at " +
            "FROM patients p LEFT JOIN number_cycles c ON c.patient_id = p.id ORDER BY p.created_at DESC, p.id LIMIT @limit");
        Add(cmd, "@limit", (long)limit);
        var list = new List<(PatientRecord, NumberCycle?)>();
        await using DbDataReader reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add((ReadPatient(reader, 0), reader.IsDBNull(7) ? null : ReadCycle(reader, 7)));
        }

        return list;
    }

    /// <inheritdoc/>
    public async Task<long> CountPatientsAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using DbConnection connection = await OpenAsync(cancellationToken);
        await using DbCommand cmd = Command(connection, null, "SELECT COUNT(*) FROM patients");
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public async Task<NumberCycle?> GetCycleAsync(string patientId, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using DbConnection connection = await OpenAsync(cancellationToken);
        await using DbCommand cmd = Command(connection, null, $"SELECT {CycleColumns} FROM number_cycles WHERE patient_id = @id");
        Add(cmd, "@id", patientId);
        await using DbDataReader reader = await cmd.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadCycle(reader, 0) : null;
    }

    /// <inheritdoc/>
    public async Task<SaveResult> SaveCycleAsync(NumberCycle cycle, long? expectedVersion, AuditEntry audit, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using DbConnection connection = await OpenAsync(cancellationToken);
        await using DbTransaction tx = await connection.BeginTransactionAsync(cancellationToken);
        string sql = expectedVersion is null
            ? $"INSERT INTO number_cycles ({CycleColumns}) VALUES (@patient, @version, @state, @hash, @issued, @expires, @reissues, @mid, @sent, @rdue, @rmid, @rsent, @used)"
            : "UPDATE number_cycles SET version = @version, state = @state, number_hash = @hash, issued_at = @issued, expires_at = @expires, " +
              "reissue_count = @reissues, message_id = @mid, message_sent_at = @sent, reminder_due_at = @rdue, reminder_message_id = @rmid, " +
              "reminder_sent_at = @rsent, used_at = @used WHERE patient_id = @patient AND version = @expected";
        await using DbCommand cmd = Command(connection, tx, sql);
        Add(cmd, "@patient", cycle.PatientId);
        Add(cmd, "@version", cycle.Version);
        Add(cmd, "@state", StateName(cycle.State));
        Add(cmd, "@hash", cycle.NumberHash);
        Add(cmd, "@issued", cycle.IssuedAt.ToUnixTimeMilliseconds());
        Add(cmd, "@expires", cycle.ExpiresAt.ToUnixTimeMilliseconds());
        Add(cmd, "@reissues", (long)cycle.ReissueCount);
        Add(cmd, "@mid", cycle.MessageId);
        Add(cmd, "@sent", cycle.MessageSentAt?.ToUnixTimeMilliseconds());
        Add(cmd, "@rdue", cycle.ReminderDueAt?.ToUnixTimeMilliseconds());
        Add(cmd, "@rmid", cycle.ReminderMessageId);
        Add(cmd, "@rsent", cycle.ReminderSentAt?.ToUnixTimeMilliseconds());
        Add(cmd, "@used", cycle.UsedAt?.ToUnixTimeMilliseconds());
        if (expectedVersion is not null)
        {
            Add(cmd, "@expected", expectedVersion.Value);
        }

        try
        {
            if (await cmd.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                return SaveResult.VersionConflict;
            }

            await InsertAuditAsync(connection, tx, audit, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return SaveResult.Saved;
        }
        catch (DbException ex) when (ClassifyConflict(ex) is SaveResult result)
        {
            return result;
        }
    }

    /// <inheritdoc/>
    public async Task MarkMessageSentAsync(string patientId, string messageId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using DbConnection connection = await OpenAsync(cancellationToken);
        await using DbCommand cmd = Command(connection, null,
            "UPDATE number_cycles SET message_sent_at = @at WHERE patient_id = @p AND message_id = @mid AND message_sent_at IS NULL");
        Add(cmd, "@at", at.ToUnixTimeMilliseconds());
        Add(cmd, "@p", patientId);
        Add(cmd, "@mid", messageId);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task MarkReminderSentAsync(string patientId, string messageId, AuditEntry audit, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using DbConnection connection = await OpenAsync(cancellationToken);
        await using DbTransaction tx = await connection.BeginTransactionAsync(cancellationToken);
        await using DbCommand cmd = Command(connection, tx,
            "UPDATE number_cycles SET reminder_sent_at = @at WHERE patient_id = @p AND reminder_message_id = @mid AND reminder_sent_at IS NULL");
        Add(cmd, "@at", audit.At.ToUnixTimeMilliseconds());
        Add(cmd, "@p", patientId);
        Add(cmd, "@mid", messageId);
        if (await cmd.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            await InsertAuditAsync(connection, tx, audit, cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<string?> ConsumeAsync(byte[] numberHash, DateTimeOffset now, string actor, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using DbConnection connection = await OpenAsync(cancellationToken);
        await using DbTransaction tx = await connection.BeginTransactionAsync(cancellationToken);
        string? patientId;
        await using (DbCommand cmd = Command(connection, tx,
            "UPDATE number_cycles SET state = 'used', used_at = @now, number_hash = NULL, version = version + 1 " +
            "WHERE number_hash = @hash AND state = 'issued' AND expires_at > @now RETURNING patient_id"))
        {
            Add(cmd, "@now", now.ToUnixTimeMilliseconds());
            Add(cmd, "@hash", numberHash);
            patientId = await cmd.ExecuteScalarAsync(cancellationToken) as string;
        }

        if (patientId is not null)
        {
            await InsertAuditAsync(connection, tx, new AuditEntry(now, actor, "number.used", patientId, null), cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return patientId;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<NumberCycle>> ListDueAsync(DateTimeOffset now, DateTimeOffset unsentBefore, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using DbConnection connection = await OpenAsync(cancellationToken);
        await using DbCommand cmd = Command(connection, null,
            $"SELECT {CycleColumns} FROM number_cycles WHERE state = 'issued' AND (expires_at <= @now " +
            "OR (message_sent_at IS NULL AND issued_at <= @unsent) " +
            "OR (reminder_due_at <= @now AND reminder_sent_at IS NULL)) ORDER BY expires_at, patient_id LIMIT 1000");
        Add(cmd, "@now", now.ToUnixTimeMilliseconds());
        Add(cmd, "@unsent", unsentBefore.ToUnixTimeMilliseconds());
        var list = new List<NumberCycle>();
        await using DbDataReader reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(ReadCycle(reader, 0));
        }

        return list;
    }

    /// <inheritdoc/>
    public async Task AppendAuditAsync(AuditEntry audit, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using DbConnection connection = await OpenAsync(cancellationToken);
        await using DbTransaction tx = await connection.BeginTransactionAsync(cancellationToken);
        await InsertAuditAsync(connection, tx, audit, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public IVerificationFailureCounter CreateFailureCounter(TimeProvider time) =>
        new SqlVerificationFailureCounter(
            async cancellationToken =>
            {
                await InitializeAsync(cancellationToken);
                return await OpenAsync(cancellationToken);
            },
            time);

    /// <inheritdoc/>
    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string? patientId, int limit, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        await using DbConnection connection = await OpenAsync(cancellationToken);
        await using DbCommand cmd = Command(connection, null, patientId is null
            ? "SELECT at, actor, action, patient_id, detail FROM audit_log ORDER BY id DESC LIMIT @limit"
            : "SELECT at, actor, action, patient_id, detail FROM audit_log WHERE patient_id = @p ORDER BY id DESC LIMIT @limit");
        Add(cmd, "@limit", (long)limit);
        if (patientId is not null)
        {
            Add(cmd, "@p", patientId);
        }

        var list = new List<AuditEntry>();
        await using DbDataReader reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new AuditEntry(
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return list;
    }

    /// <summary>Creates a command in the given transaction.</summary>
    protected static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql)
    {
        DbCommand cmd = connection.CreateCommand();
#pragma warning disable CA2100 // all statements are constants; values go through parameters
        cmd.CommandText = sql;
#pragma warning restore CA2100
        cmd.Transaction = tx;
        return cmd;
    }

    /// <summary>Runs one statement.</summary>
    protected static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        await using DbCommand cmd = Command(connection, tx, sql);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<int> ReadVersionAsync(DbConnection connection, DbTransaction? tx, CancellationToken cancellationToken)
    {
        await using DbCommand cmd = Command(connection, tx, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task InsertAuditAsync(DbConnection connection, DbTransaction tx, AuditEntry audit, CancellationToken cancellationToken)
    {
        await using DbCommand cmd = Command(connection, tx,
            "INSERT INTO audit_log (at, actor, action, patient_id, detail) VALUES (@at, @actor, @action, @p, @detail)");
        Add(cmd, "@at", audit.At.ToUnixTimeMilliseconds());
        Add(cmd, "@actor", audit.Actor);
        Add(cmd, "@action", audit.Action);
        Add(cmd, "@p", audit.PatientId);
        Add(cmd, "@detail", audit.Detail);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Add(DbCommand cmd, string name, string? value) => Add(cmd, name, DbType.String, value);

    private static void Add(DbCommand cmd, string name, long? value) => Add(cmd, name, DbType.Int64, value);

    private static void Add(DbCommand cmd, string name, byte[]? value) => Add(cmd, name, DbType.Binary, value);

    private static void Add(DbCommand cmd, string name, DbType type, object? value)
    {
        DbParameter p = cmd.CreateParameter();
        p.ParameterName = name;
        p.DbType = type;
        p.Value = value ?? DBNull.Value;
        cmd.Parameters.Add(p);
    }

    private static string StateName(NumberState state) => state switch
    {
        NumberState.Issued => "issued",
        NumberState.Used => "used",
        NumberState.Exhausted => "exhausted",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    private static NumberState ParseState(string text) => text switch
    {
        "issued" => NumberState.Issued,
        "used" => NumberState.Used,
        "exhausted" => NumberState.Exhausted,
        _ => throw new InvalidDataException("Unknown cycle state in the database."),
    };

    private static PatientRecord ReadPatient(DbDataReader r, int o) => new(
        r.GetString(o), r.GetString(o + 1), r.GetString(o + 2), r.IsDBNull(o + 3) ? null : r.GetString(o + 3),
        r.IsDBNull(o + 4) ? null : r.GetString(o + 4), r.GetString(o + 5), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(o + 6)));

    private static NumberCycle ReadCycle(DbDataReader r, int o) => new(
        r.GetString(o),
        r.GetInt64(o + 1),
        ParseState(r.GetString(o + 2)),
        r.IsDBNull(o + 3) ? null : (byte[])r.GetValue(o + 3),
        Time(r, o + 4)!.Value,
        Time(r, o + 5)!.Value,
        checked((int)r.GetInt64(o + 6)),
        r.GetString(o + 7),
        Time(r, o + 8),
        Time(r, o + 9),
        r.IsDBNull(o + 10) ? null : r.GetString(o + 10),
        Time(r, o + 11),
        Time(r, o + 12));

    private static DateTimeOffset? Time(DbDataReader r, int i) =>
        r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));
}
