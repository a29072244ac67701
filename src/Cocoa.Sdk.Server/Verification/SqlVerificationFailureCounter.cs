using System.Data.Common;

namespace Cocoa.Sdk.Verification;

/// <summary>
/// An <see cref="IVerificationFailureCounter"/> in a SQL database that every server instance shares (PostgreSQL for several
/// instances, SQLite for one), so a limit holds in total however many instances answer: one row per failure in the table
/// <c>verification_failures</c> (bucket name, time, expiry), created by <see cref="SchemaStatements"/>. Plain parameterised
/// ADO.NET that PostgreSQL (Npgsql) and SQLite (Microsoft.Data.Sqlite) both run; the counting rule is the in-memory
/// counter's: a bucket waits while it has <c>limit</c> failures younger than the window.
/// </summary>
/// <remarks>
/// Only bucket names (the caller's keyed hashes) and times are stored. Checking and recording are separate statements, as in
/// the in-memory counter, so requests racing on one bucket at the very moment it reaches its limit can each add one more
/// failure; the limit is never exceeded by more than the number of such concurrent requests.
/// </remarks>
/// <threadsafety>Thread-safe; each call opens its own connection.</threadsafety>
public sealed class SqlVerificationFailureCounter : IVerificationFailureCounter
{
    private readonly Func<CancellationToken, Task<DbConnection>> _openConnection;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a counter over the database that <paramref name="openConnection"/> opens connections to.</summary>
    /// <param name="openConnection">Opens a new connection (the caller's pool); the counter disposes it after each call.</param>
    /// <param name="timeProvider">The clock.</param>
    public SqlVerificationFailureCounter(Func<CancellationToken, Task<DbConnection>> openConnection, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(openConnection);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _openConnection = openConnection;
        _timeProvider = timeProvider;
    }

    /// <summary>The statements that create the table and its indexes if missing (idempotent; run them with the caller's schema).</summary>
    public static IReadOnlyList<string> SchemaStatements { get; } =
    [
        "CREATE TABLE IF NOT EXISTS verification_failures (bucket TEXT NOT NULL, failed_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS ix_verification_failures_bucket ON verification_failures (bucket, failed_at)",
        "CREATE INDEX IF NOT EXISTS ix_verification_failures_expiry ON verification_failures (expires_at)",
    ];

    /// <inheritdoc/>
    public async ValueTask<TimeSpan?> GetRetryAfterAsync(string bucket, int limit, TimeSpan window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        if (limit <= 0)
        {
            return window;
        }

        long now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        long windowMs = (long)window.TotalMilliseconds;
        DbConnection connection = await _openConnection(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // The newest `limit` failures inside the window; the last of them is the one whose expiry frees the bucket.
            DbCommand command = Command(
                connection,
                "SELECT failed_at FROM verification_failures WHERE bucket = @b AND failed_at > @since ORDER BY failed_at DESC LIMIT @n",
                ("b", bucket),
                ("since", now - windowMs),
                ("n", limit));
            int count = 0;
            long oldestCounted = 0;
            await using (command.ConfigureAwait(false))
            {
                DbDataReader reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        oldestCounted = reader.GetInt64(0);
                        count++;
                    }
                }
            }

            return count < limit ? null : TimeSpan.FromMilliseconds(oldestCounted + windowMs - now);
        }
    }

    /// <inheritdoc/>
    public async ValueTask RecordFailureAsync(string bucket, int limit, TimeSpan window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        long now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        DbConnection connection = await _openConnection(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            DbCommand insert = Command(
                connection,
                "INSERT INTO verification_failures (bucket, failed_at, expires_at) VALUES (@b, @t, @e)",
                ("b", bucket),
                ("t", now),
                ("e", now + (long)window.TotalMilliseconds));
            await using (insert.ConfigureAwait(false))
            {
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            // Failures that can no longer count for anyone are removed (each row carries its own window's expiry).
            DbCommand prune = Command(connection, "DELETE FROM verification_failures WHERE expires_at <= @now", ("now", now));
            await using (prune.ConfigureAwait(false))
            {
                await prune.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        foreach ((string name, object value) in parameters)
        {
            DbParameter parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
