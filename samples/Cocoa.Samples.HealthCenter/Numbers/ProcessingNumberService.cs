using System.Security.Cryptography;
using Cocoa.Samples.HealthCenter.Messaging;
using Cocoa.Samples.HealthCenter.Storage;
using Cocoa.Sdk.Verification;
using Microsoft.Extensions.Options;

namespace Cocoa.Samples.HealthCenter.Numbers;

/// <summary>Issues, reissues, reminds and verifies processing numbers. The clear-text number exists only in memory
/// between drawing it and handing it to the <see cref="IMessageSender"/>.</summary>
public sealed partial class ProcessingNumberService(
    IHealthCenterStore store,
    IMessageSender sender,
    ProcessingNumberHasher hasher,
    MessageComposer composer,
    IOptions<HealthCenterOptions> options,
    TimeProvider time,
    ILogger<ProcessingNumberService> logger)
{
    /// <summary>Actor recorded in the audit log for automatic work.</summary>
    public const string SystemActor = "system";

    private const int MaxDrawAttempts = 16;
    private readonly HealthCenterOptions _options = options.Value;
    private readonly SemaphoreSlim _workLock = new(1, 1);

    /// <summary>Starts a fresh cycle for the patient (the 〈処理番号発行〉 button): a new number, reissue count 0.
    /// Returns false when the patient does not exist.</summary>
    public async Task<bool> IssueAsync(string patientId, string actor, CancellationToken cancellationToken)
    {
        PatientRecord? patient = await store.GetPatientAsync(patientId, cancellationToken);
        if (patient is null)
        {
            return false;
        }

        for (int attempt = 0; attempt < MaxDrawAttempts; attempt++)
        {
            NumberCycle? current = await store.GetCycleAsync(patientId, cancellationToken);
            DateTimeOffset now = time.GetUtcNow();
            (ProcessingNumber number, NumberCycle cycle) = Draw(patientId, (current?.Version ?? 0) + 1, now, reissueCount: 0);
            var audit = new AuditEntry(now, actor, "number.issued", patientId, current is null ? "first issue" : "manual reissue (new cycle)");
            SaveResult result = await store.SaveCycleAsync(cycle, current?.Version, audit, cancellationToken);
            if (result == SaveResult.Saved)
            {
                await SendNumberAsync(patient, number, cycle, cancellationToken);
                return true;
            }
        }

        throw new InvalidOperationException("Could not store a new processing number (too many conflicts).");
    }

    /// <summary>Checks and consumes a number; false for unknown, expired, used or malformed text alike. A refusal is
    /// audited without the text and without a patient (the caller must not learn, and the log need not know, which).</summary>
    public async Task<bool> VerifyAsync(string text, string actor, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        if (ProcessingNumber.TryParse(text, out ProcessingNumber number)
            && await store.ConsumeAsync(hasher.ComputeHash(number), now, actor, cancellationToken) is not null)
        {
            return true;
        }

        await store.AppendAuditAsync(new AuditEntry(now, actor, "verification.refused", null, null), cancellationToken);
        return false;
    }

    /// <summary>Does everything that is due now: recovers unsent messages, reissues expired numbers (at most
    /// <see cref="HealthCenterOptions.MaxAutomaticReissues"/> times), ends exhausted cycles and sends due reminders.
    /// The background worker calls this on a timer; tests call it directly after advancing a fake clock.</summary>
    public async Task<WorkSummary> RunDueWorkAsync(CancellationToken cancellationToken = default)
    {
        await _workLock.WaitAsync(cancellationToken);
        try
        {
            var summary = new WorkSummary();
            DateTimeOffset now = time.GetUtcNow();
            IReadOnlyList<NumberCycle> due = await store.ListDueAsync(now, now - _options.SendGracePeriod, cancellationToken);
            foreach (NumberCycle cycle in due)
            {
                try
                {
                    await ProcessAsync(cycle, now, summary, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    summary.Failures++;
                    LogWorkFailed(logger, ex.GetType().Name);
                }
            }

            if (summary.Total > 0)
            {
                LogWorkDone(logger, summary.Reissued, summary.Exhausted, summary.Reminded, summary.Recovered, summary.Failures);
            }

            return summary;
        }
        finally
        {
            _workLock.Release();
        }
    }

    private async Task ProcessAsync(NumberCycle cycle, DateTimeOffset now, WorkSummary summary, CancellationToken cancellationToken)
    {
        PatientRecord patient = await store.GetPatientAsync(cycle.PatientId, cancellationToken)
            ?? throw new InvalidDataException("A cycle without a patient.");

        if (cycle.ExpiresAt <= now)
        {
            if (cycle.ReissueCount < _options.MaxAutomaticReissues)
            {
                await ReplaceNumberAsync(patient, cycle, now, cycle.ReissueCount + 1, "number.reissued", $"automatic reissue {cycle.ReissueCount + 1}/{_options.MaxAutomaticReissues}", cancellationToken);
                summary.Reissued++;
            }
            else
            {
                NumberCycle ended = cycle with { Version = cycle.Version + 1, State = NumberState.Exhausted, NumberHash = null };
                await store.SaveCycleAsync(ended, cycle.Version, new AuditEntry(now, SystemActor, "number.exhausted", cycle.PatientId, "expired after the last reissue"), cancellationToken);
                summary.Exhausted++;
            }

            return;
        }

        if (cycle.MessageSentAt is null && cycle.IssuedAt <= now - _options.SendGracePeriod)
        {
            if (await sender.WasSentAsync(cycle.MessageId, cancellationToken))
            {
                await store.MarkMessageSentAsync(cycle.PatientId, cycle.MessageId, now, cancellationToken);
            }
            else
            {
                // The number never left and cannot be recovered (only its hash is stored): draw a new one, same message.
                await ReplaceNumberAsync(patient, cycle, now, cycle.ReissueCount, "number.resent", "message was not delivered; new number", cancellationToken, cycle.MessageId);
            }

            summary.Recovered++;
            return;
        }

        if (cycle.ReminderDueAt <= now && cycle.ReminderSentAt is null)
        {
            string reminderId = cycle.ReminderMessageId ?? NewMessageId();
            if (cycle.ReminderMessageId is null)
            {
                NumberCycle claimed = cycle with { Version = cycle.Version + 1, ReminderMessageId = reminderId };
                if (await store.SaveCycleAsync(claimed, cycle.Version, new AuditEntry(now, SystemActor, "reminder.claimed", cycle.PatientId, null), cancellationToken) != SaveResult.Saved)
                {
                    return;
                }
            }

            await sender.SendAsync(composer.ReminderMessage(patient, cycle, reminderId, now), cancellationToken);
            await store.MarkReminderSentAsync(cycle.PatientId, reminderId, new AuditEntry(now, SystemActor, "reminder.sent", cycle.PatientId, null), cancellationToken);
            summary.Reminded++;
        }
    }

    private async Task ReplaceNumberAsync(
        PatientRecord patient, NumberCycle cycle, DateTimeOffset now, int reissueCount, string action, string detail,
        CancellationToken cancellationToken, string? messageId = null)
    {
        for (int attempt = 0; attempt < MaxDrawAttempts; attempt++)
        {
            (ProcessingNumber number, NumberCycle next) = Draw(cycle.PatientId, cycle.Version + 1, now, reissueCount, messageId);
            SaveResult result = await store.SaveCycleAsync(next, cycle.Version, new AuditEntry(now, SystemActor, action, cycle.PatientId, detail), cancellationToken);
            switch (result)
            {
                case SaveResult.Saved:
                    await SendNumberAsync(patient, number, next, cancellationToken);
                    return;
                case SaveResult.VersionConflict:
                    return; // someone else (staff or another worker) changed the cycle; the next run sees the new state
            }
        }

        throw new InvalidOperationException("Could not store a new processing number (too many hash collisions).");
    }

    private (ProcessingNumber Number, NumberCycle Cycle) Draw(string patientId, long version, DateTimeOffset now, int reissueCount, string? messageId = null)
    {
        ProcessingNumber number = ProcessingNumber.Generate();
        DateTimeOffset expires = now + _options.Validity;
        DateTimeOffset? reminderDue = reissueCount == _options.MaxAutomaticReissues
            ? now + (_options.Validity * _options.ReminderAt)
            : null;
        var cycle = new NumberCycle(
            patientId, version, NumberState.Issued, hasher.ComputeHash(number), now, expires, reissueCount,
            messageId ?? NewMessageId(), MessageSentAt: null, reminderDue, ReminderMessageId: null, ReminderSentAt: null, UsedAt: null);
        return (number, cycle);
    }

    private async Task SendNumberAsync(PatientRecord patient, ProcessingNumber number, NumberCycle cycle, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        try
        {
            await sender.SendAsync(composer.NumberMessage(patient, number, cycle, now), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Left unsent: after the grace period the worker checks the sender and, if nothing went out, draws anew.
            LogSendFailed(logger, ex.GetType().Name);
            return;
        }

        await store.MarkMessageSentAsync(cycle.PatientId, cycle.MessageId, now, cancellationToken);
    }

    private static string NewMessageId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending a processing-number message failed ({ExceptionType}); the worker will retry.")]
    private static partial void LogSendFailed(ILogger logger, string exceptionType);

    [LoggerMessage(Level = LogLevel.Error, Message = "A due processing-number task failed ({ExceptionType}); it stays due.")]
    private static partial void LogWorkFailed(ILogger logger, string exceptionType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker: {Reissued} reissued, {Exhausted} exhausted, {Reminded} reminders, {Recovered} recovered, {Failures} failures.")]
    private static partial void LogWorkDone(ILogger logger, int reissued, int exhausted, int reminded, int recovered, int failures);
}

/// <summary>Counts of what one <see cref="ProcessingNumberService.RunDueWorkAsync"/> did.</summary>
public sealed class WorkSummary
{
    /// <summary>Expired numbers replaced automatically.</summary>
    public int Reissued { get; set; }

    /// <summary>Cycles ended after the last reissue expired.</summary>
    public int Exhausted { get; set; }

    /// <summary>Reminders sent.</summary>
    public int Reminded { get; set; }

    /// <summary>Unsent messages recovered after a crash or send failure.</summary>
    public int Recovered { get; set; }

    /// <summary>Tasks that failed and stay due.</summary>
    public int Failures { get; set; }

    /// <summary>Sum of all counts.</summary>
    public int Total => Reissued + Exhausted + Reminded + Recovered + Failures;
}
