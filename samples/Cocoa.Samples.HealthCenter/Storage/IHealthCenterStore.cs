using Cocoa.Sdk.Verification;
namespace Cocoa.Samples.HealthCenter.Storage;

/// <summary>Persistence of patients, number cycles and the audit log (SQLite or PostgreSQL).</summary>
public interface IHealthCenterStore
{
    /// <summary>Creates or migrates the schema (idempotent; also run lazily by every other call).</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>The applied schema version.</summary>
    Task<int> GetSchemaVersionAsync(CancellationToken cancellationToken);

    /// <summary>Stores a new patient and audits it in one transaction.</summary>
    Task AddPatientAsync(PatientRecord patient, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>Finds a patient.</summary>
    Task<PatientRecord?> GetPatientAsync(string id, CancellationToken cancellationToken);

    /// <summary>Lists the newest patients with their cycles.</summary>
    Task<IReadOnlyList<(PatientRecord Patient, NumberCycle? Cycle)>> ListPatientsAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Counts stored patients.</summary>
    Task<long> CountPatientsAsync(CancellationToken cancellationToken);

    /// <summary>Gets a patient's cycle.</summary>
    Task<NumberCycle?> GetCycleAsync(string patientId, CancellationToken cancellationToken);

    /// <summary>Inserts (<paramref name="expectedVersion"/> null) or replaces the cycle if its version is still
    /// <paramref name="expectedVersion"/>, and audits it, in one transaction.</summary>
    Task<SaveResult> SaveCycleAsync(NumberCycle cycle, long? expectedVersion, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>Records that the number message <paramref name="messageId"/> went out.</summary>
    Task MarkMessageSentAsync(string patientId, string messageId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Records that the reminder <paramref name="messageId"/> went out, and audits it.</summary>
    Task MarkReminderSentAsync(string patientId, string messageId, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>Atomically consumes the live, unexpired number with this hash; returns the patient id, or null.</summary>
    Task<string?> ConsumeAsync(byte[] numberHash, DateTimeOffset now, string actor, CancellationToken cancellationToken);

    /// <summary>Cycles the worker must look at: expired, unsent longer than the grace period, or with a due reminder.</summary>
    Task<IReadOnlyList<NumberCycle>> ListDueAsync(DateTimeOffset now, DateTimeOffset unsentBefore, CancellationToken cancellationToken);

    /// <summary>Appends one audit entry on its own (operations without other writes: sign-ins, refused numbers).</summary>
    Task AppendAuditAsync(AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>The failure budgets (verification, sign-in) kept in this database with the library's
    /// <see cref="SqlVerificationFailureCounter"/>, so they hold across restarts and across instances.</summary>
    /// <param name="time">The clock.</param>
    IVerificationFailureCounter CreateFailureCounter(TimeProvider time);

    /// <summary>Newest audit entries, optionally for one patient.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAuditAsync(string? patientId, int limit, CancellationToken cancellationToken);
}
