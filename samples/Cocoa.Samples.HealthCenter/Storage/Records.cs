namespace Cocoa.Samples.HealthCenter.Storage;

/// <summary>A confirmed patient and the contact the processing number goes to.</summary>
public sealed record PatientRecord(
    string Id, string Name, string NameKana, string? Phone, string? Email, string HealthCenter, DateTimeOffset CreatedAt);

/// <summary>State of a patient's processing-number cycle.</summary>
public enum NumberState
{
    /// <summary>A number is out (it may have expired; the worker then reissues it or ends the cycle).</summary>
    Issued,

    /// <summary>The number was verified by the notification server and consumed.</summary>
    Used,

    /// <summary>The number expired after the last automatic reissue.</summary>
    Exhausted,
}

/// <summary>The current processing-number cycle of one patient. The number itself is never stored, only its keyed hash
/// while it is live.</summary>
public sealed record NumberCycle(
    string PatientId,
    long Version,
    NumberState State,
    byte[]? NumberHash,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    int ReissueCount,
    string MessageId,
    DateTimeOffset? MessageSentAt,
    DateTimeOffset? ReminderDueAt,
    string? ReminderMessageId,
    DateTimeOffset? ReminderSentAt,
    DateTimeOffset? UsedAt);

/// <summary>One audited operation (never contains a processing number).</summary>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string? PatientId, string? Detail);

/// <summary>Outcome of an optimistic write of a cycle.</summary>
public enum SaveResult
{
    /// <summary>Written.</summary>
    Saved,

    /// <summary>Someone else changed the cycle first; reload and decide again.</summary>
    VersionConflict,

    /// <summary>The hash collides with another live number; draw a new number.</summary>
    DuplicateHash,
}
