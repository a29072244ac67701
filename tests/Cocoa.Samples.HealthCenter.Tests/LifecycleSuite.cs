using System.Net;
using System.Text;
using System.Text.Json;
using Cocoa.Samples.HealthCenter.Messaging;
using Cocoa.Samples.HealthCenter.Storage;
using Cocoa.Samples.HealthCenter.Tests.Infrastructure;
using Cocoa.TestInfrastructure;
using Cocoa.Sdk.Verification;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Cocoa.Samples.HealthCenter.Tests;

/// <summary>The storage-dependent behaviour, run once on SQLite and once on PostgreSQL.</summary>
public abstract class LifecycleSuite : IAsyncLifetime
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private HealthCenterHost _host = null!;
    private FakeTimeProvider _clock = null!;

    protected abstract StorageBackend CreateBackend();

    private StorageBackend Backend { get; set; } = null!;

    public async Task InitializeAsync()
    {
        Backend = CreateBackend();
        _clock = HealthCenterHost.NewClock();
        _host = await HealthCenterHost.StartAsync(Backend, _clock, ["--verification-failure-limit", "1000"]);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) // null when a PostgreSQL run was skipped before the host started
        {
            await _host.DisposeAsync();
        }

        await Backend.DisposeAsync();
    }

    [MachineFact]
    public async Task Issue_SendsNumberValidityAndDeepLink_AndStatusNeverShowsIt()
    {
        string id = await _host.RegisterPatientAsync();
        await _host.IssueAsync(id);

        OutboxMessage message = Assert.Single(_host.Outbox());
        Assert.Equal("sms", message.Channel);
        Assert.Equal("09012345678", message.To);
        string pn = message.Number.Value;
        Assert.Contains($"https://www.mhlw.go.jp/cocoa/a/?pn={pn}", message.Body, StringComparison.Ordinal);
        Assert.Contains($"処理番号: {pn}", message.Body, StringComparison.Ordinal);
        Assert.Contains("有効期限: 2026-11-27 10:00まで（1時間有効）", message.Body, StringComparison.Ordinal);
        Assert.Equal(_clock.GetUtcNow(), message.SentAt);

        JsonElement status = await _host.StatusAsync(id);
        Assert.Equal("issued", status.GetProperty("state").GetString());
        Assert.Equal(0, status.GetProperty("reissueCount").GetInt32());
        Assert.Equal(_clock.GetUtcNow(), status.GetProperty("issuedAt").GetDateTimeOffset());
        Assert.Equal(_clock.GetUtcNow() + Hour, status.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("usedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, status.GetProperty("reminderSentAt").ValueKind);
        Assert.Equal(6, status.EnumerateObject().Count());
        Assert.DoesNotContain(pn, status.GetRawText(), StringComparison.Ordinal);
    }

    [MachineFact]
    public async Task Email_IsUsedWhenNoPhone()
    {
        string id = await _host.RegisterPatientAsync(phone: null, email: "Taro@Example.JP");
        await _host.IssueAsync(id);
        OutboxMessage message = Assert.Single(_host.Outbox());
        Assert.Equal("email", message.Channel);
        Assert.Equal("taro@example.jp", message.To);
    }

    [MachineFact]
    public async Task Verification_ConsumesOnce_ThenNg()
    {
        string id = await _host.RegisterPatientAsync();
        await _host.IssueAsync(id);
        string pn = _host.Outbox().Single().Number.Value;

        Assert.Equal("200 {\"result\":\"OK\"}", await _host.VerifyRawAsync(pn));
        Assert.Equal("200 {\"result\":\"NG\"}", await _host.VerifyRawAsync(pn));
        JsonElement status = await _host.StatusAsync(id);
        Assert.Equal("used", status.GetProperty("state").GetString());
        Assert.Equal(_clock.GetUtcNow(), status.GetProperty("usedAt").GetDateTimeOffset());

        // Used numbers are not reissued.
        _clock.Advance(Hour * 3);
        Assert.Equal(0, (await _host.Numbers.RunDueWorkAsync()).Total);
        Assert.Single(_host.Outbox());
    }

    [MachineFact]
    public async Task Expiry_IsExactlyOneHour()
    {
        string a = await _host.RegisterPatientAsync();
        string b = await _host.RegisterPatientAsync();
        await _host.IssueAsync(a);
        await _host.IssueAsync(b);
        IReadOnlyList<OutboxMessage> sent = _host.Outbox();
        Assert.Equal(2, sent.Count);

        _clock.Advance(Hour - TimeSpan.FromMilliseconds(1));
        Assert.Equal("200 {\"result\":\"OK\"}", await _host.VerifyRawAsync(sent[0].Number.Value));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("200 {\"result\":\"NG\"}", await _host.VerifyRawAsync(sent[1].Number.Value));
        string[] states = [(await _host.StatusAsync(a)).GetProperty("state").GetString()!, (await _host.StatusAsync(b)).GetProperty("state").GetString()!];
        Assert.Equal(["expired", "used"], states.Order(StringComparer.Ordinal));
    }

    [MachineFact]
    public async Task FourAutomaticReissues_ThenExhausted_WithOneReminderDuringTheLast()
    {
        string id = await _host.RegisterPatientAsync();
        await _host.IssueAsync(id);
        DateTimeOffset start = _clock.GetUtcNow();

        for (int reissue = 1; reissue <= 4; reissue++)
        {
            _clock.Advance(Hour - TimeSpan.FromSeconds(1));
            Assert.Equal(0, (await _host.Numbers.RunDueWorkAsync()).Reissued);
            _clock.Advance(TimeSpan.FromSeconds(1));
            ProcessingNumber previous = _host.Outbox().Last(m => !m.IsReminder).Number;
            Assert.Equal(1, (await _host.Numbers.RunDueWorkAsync()).Reissued);
            Assert.Equal("200 {\"result\":\"NG\"}", await _host.VerifyRawAsync(previous.Value));

            JsonElement status = await _host.StatusAsync(id);
            Assert.Equal(reissue, status.GetProperty("reissueCount").GetInt32());
            Assert.Equal("issued", status.GetProperty("state").GetString());
            Assert.Equal(start + (Hour * reissue), status.GetProperty("issuedAt").GetDateTimeOffset());
            OutboxMessage latest = _host.Outbox().Last();
            Assert.Contains($"【処理番号の再発行 {reissue}/4】", latest.Body, StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.Null, status.GetProperty("reminderSentAt").ValueKind);
        }

        // The reminder: not before half of the last validity, exactly once after.
        _clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(0, (await _host.Numbers.RunDueWorkAsync()).Reminded);
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await _host.Numbers.RunDueWorkAsync()).Reminded);
        Assert.Equal(0, (await _host.Numbers.RunDueWorkAsync()).Total);
        OutboxMessage reminder = _host.Outbox().Last();
        Assert.True(reminder.IsReminder);
        Assert.Equal(_clock.GetUtcNow(), (await _host.StatusAsync(id)).GetProperty("reminderSentAt").GetDateTimeOffset());

        // The last number expires: no fifth reissue.
        _clock.Advance(TimeSpan.FromMinutes(30));
        WorkSummaryAssert(await _host.Numbers.RunDueWorkAsync(), exhausted: 1);
        _clock.Advance(Hour * 5);
        Assert.Equal(0, (await _host.Numbers.RunDueWorkAsync()).Total);
        JsonElement final = await _host.StatusAsync(id);
        Assert.Equal("exhausted", final.GetProperty("state").GetString());
        Assert.Equal(4, final.GetProperty("reissueCount").GetInt32());

        IReadOnlyList<OutboxMessage> all = _host.Outbox();
        Assert.Equal(6, all.Count);
        Assert.Equal(1, all.Count(m => m.IsReminder));
        Assert.Equal(5, all.Where(m => !m.IsReminder).Select(m => m.Number.Value).Distinct().Count());
        foreach (OutboxMessage m in all.Where(m => !m.IsReminder))
        {
            Assert.Equal("200 {\"result\":\"NG\"}", await _host.VerifyRawAsync(m.Number.Value));
        }

        IReadOnlyList<AuditEntry> audit = await _host.Store.ListAuditAsync(id, 100, default);
        Assert.Equal(4, audit.Count(e => e.Action == "number.reissued"));
        Assert.Single(audit, e => e.Action == "reminder.sent");
        Assert.Single(audit, e => e.Action == "number.exhausted");
        Assert.Single(audit, e => e.Action == "number.issued" && e.Actor == "operator-api");
    }

    [MachineFact]
    public async Task ManualReissue_StartsAFreshCycle_AndInvalidatesTheOldNumber()
    {
        string id = await _host.RegisterPatientAsync();
        await _host.IssueAsync(id);
        _clock.Advance(Hour);
        await _host.Numbers.RunDueWorkAsync();
        Assert.Equal(1, (await _host.StatusAsync(id)).GetProperty("reissueCount").GetInt32());
        string old = _host.Outbox().Last().Number.Value;

        _clock.Advance(TimeSpan.FromMinutes(1));
        await _host.IssueAsync(id);
        Assert.Equal(0, (await _host.StatusAsync(id)).GetProperty("reissueCount").GetInt32());
        Assert.Equal("200 {\"result\":\"NG\"}", await _host.VerifyRawAsync(old));
        Assert.Equal("200 {\"result\":\"OK\"}", await _host.VerifyRawAsync(_host.Outbox().Last().Number.Value));
    }

    [MachineFact]
    public async Task RestartMidCycle_NeitherLosesNorDuplicatesMessages()
    {
        string id = await _host.RegisterPatientAsync();
        await _host.IssueAsync(id);
        _clock.Advance(Hour);
        await _host.Numbers.RunDueWorkAsync();
        _clock.Advance(Hour);
        await _host.Numbers.RunDueWorkAsync();
        Assert.Equal(3, _host.Outbox().Count);

        await _host.RestartAsync();
        Assert.Equal(0, (await _host.Numbers.RunDueWorkAsync()).Total);
        Assert.Equal(3, _host.Outbox().Count);
        Assert.Equal(2, (await _host.StatusAsync(id)).GetProperty("reissueCount").GetInt32());

        // The number sent before the restart still verifies after it (the hash key persisted in the data dir)...
        string live = _host.Outbox().Last().Number.Value;
        _clock.Advance(Hour);
        await _host.Numbers.RunDueWorkAsync();
        await _host.RestartAsync();
        _clock.Advance(Hour);
        await _host.Numbers.RunDueWorkAsync();
        _clock.Advance(TimeSpan.FromMinutes(30));
        await _host.Numbers.RunDueWorkAsync();
        await _host.RestartAsync();
        await _host.Numbers.RunDueWorkAsync();
        _clock.Advance(Hour);
        await _host.Numbers.RunDueWorkAsync();
        await _host.RestartAsync();
        await _host.Numbers.RunDueWorkAsync();

        IReadOnlyList<OutboxMessage> all = _host.Outbox();
        Assert.Equal(6, all.Count);
        Assert.Single(all, m => m.IsReminder);
        Assert.Equal("exhausted", (await _host.StatusAsync(id)).GetProperty("state").GetString());
        Assert.Equal("200 {\"result\":\"NG\"}", await _host.VerifyRawAsync(live));
    }

    [MachineFact]
    public async Task NumberSurvivesRestart()
    {
        string id = await _host.RegisterPatientAsync();
        await _host.IssueAsync(id);
        await _host.RestartAsync();
        Assert.Equal("200 {\"result\":\"OK\"}", await _host.VerifyRawAsync(_host.Outbox().Single().Number.Value));
    }

    [MachineFact]
    public async Task CrashBeforeSending_IsRecoveredWithANewNumber_Once()
    {
        string id = await _host.RegisterPatientAsync();
        await _host.RestartAsync(_ => new FailingSender(writeFirst: false, Path.Combine(_host.DataDir, "outbox")));
        await _host.IssueAsync(id);
        Assert.Empty(_host.Outbox());
        Assert.Equal("issued", (await _host.StatusAsync(id)).GetProperty("state").GetString());

        await _host.RestartAsync(_ => new OutboxMessageSender(Path.Combine(_host.DataDir, "outbox")));
        Assert.Equal(0, (await _host.Numbers.RunDueWorkAsync()).Recovered); // still within the grace period
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await _host.Numbers.RunDueWorkAsync()).Recovered);
        Assert.Equal(0, (await _host.Numbers.RunDueWorkAsync()).Total);
        OutboxMessage message = Assert.Single(_host.Outbox());
        Assert.Equal(_clock.GetUtcNow() + Hour, (await _host.StatusAsync(id)).GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal("200 {\"result\":\"OK\"}", await _host.VerifyRawAsync(message.Number.Value));
    }

    [MachineFact]
    public async Task CrashAfterSendingBeforeRecording_DoesNotDuplicate()
    {
        string id = await _host.RegisterPatientAsync();
        await _host.RestartAsync(_ => new FailingSender(writeFirst: true, Path.Combine(_host.DataDir, "outbox")));
        await _host.IssueAsync(id);
        OutboxMessage message = Assert.Single(_host.Outbox());

        await _host.RestartAsync(_ => new OutboxMessageSender(Path.Combine(_host.DataDir, "outbox")));
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, (await _host.Numbers.RunDueWorkAsync()).Recovered);
        Assert.Single(_host.Outbox());
        Assert.Equal("200 {\"result\":\"OK\"}", await _host.VerifyRawAsync(message.Number.Value));
    }

    [MachineFact]
    public async Task ConcurrentVerificationsOfOneNumber_ExactlyOneSucceeds()
    {
        const int Patients = 12;
        var ids = new List<string>();
        for (int i = 0; i < Patients; i++)
        {
            ids.Add(await _host.RegisterPatientAsync());
            await _host.IssueAsync(ids[^1]);
        }

        IReadOnlyList<OutboxMessage> sent = _host.Outbox();
        Assert.Equal(Patients, sent.Count);
        foreach (OutboxMessage message in sent)
        {
            using var start = new ManualResetEventSlim();
            Task<string>[] racers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            {
                start.Wait();
                return _host.VerifyRawAsync(message.Number.Value);
            })).ToArray();
            start.Set();
            string[] results = await Task.WhenAll(racers);
            Assert.Equal(1, results.Count(r => r == "200 {\"result\":\"OK\"}"));
            Assert.Equal(3, results.Count(r => r == "200 {\"result\":\"NG\"}"));
        }

        IReadOnlyList<AuditEntry> audit = await _host.Store.ListAuditAsync(null, 1000, default);
        Assert.Equal(Patients, audit.Count(e => e.Action == "number.used"));
        Assert.Equal(3 * Patients, audit.Count(e => e.Action == "verification.refused" && e.PatientId is null && e.Detail is null));
    }

    [MachineFact]
    public async Task FailureBudgets_LiveInTheDatabase_AcrossInstancesAndRestarts()
    {
        string[] limits = ["--verification-failure-limit", "3"];
        await using HealthCenterHost first = await HealthCenterHost.StartAsync(Backend, _clock, limits, dataDir: _host.DataDir);
        await using HealthCenterHost second = await HealthCenterHost.StartAsync(Backend, _clock, limits, dataDir: _host.DataDir);
        foreach (string wrong in new[] { "00000001", "00000002", "00000003" })
        {
            Assert.Equal("200 {\"result\":\"NG\"}", await first.VerifyRawAsync(wrong));
        }

        // The other instance sees the same budget, also after a restart.
        Assert.StartsWith("429 ", await second.VerifyRawAsync("00000004"), StringComparison.Ordinal);
        await second.RestartAsync();
        Assert.StartsWith("429 ", await second.VerifyRawAsync("00000004"), StringComparison.Ordinal);
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal("200 {\"result\":\"NG\"}", await second.VerifyRawAsync("00000004"));
    }

    [MachineFact]
    public async Task TwoInstancesOnOneDatabase_StillConsumeExactlyOnce()
    {
        await using HealthCenterHost second = await HealthCenterHost.StartAsync(Backend, _clock, ["--verification-failure-limit", "1000"], dataDir: _host.DataDir);
        for (int i = 0; i < 6; i++)
        {
            string id = await _host.RegisterPatientAsync();
            await (i % 2 == 0 ? _host : second).IssueAsync(id);
        }

        foreach (OutboxMessage message in _host.Outbox())
        {
            using var start = new ManualResetEventSlim();
            Task<string>[] racers = new[] { _host, second, _host, second }.Select(h => Task.Run(() =>
            {
                start.Wait();
                return h.VerifyRawAsync(message.Number.Value);
            })).ToArray();
            start.Set();
            string[] results = await Task.WhenAll(racers);
            Assert.Equal(1, results.Count(r => r == "200 {\"result\":\"OK\"}"));
        }

        Assert.Equal(6, _host.Outbox().Count);
    }

    [MachineFact]
    public async Task NumberNeverAppearsInDatabaseOrLogs()
    {
        string id = await _host.RegisterPatientAsync();
        await _host.IssueAsync(id);
        _clock.Advance(Hour);
        await _host.Numbers.RunDueWorkAsync();
        await _host.VerifyRawAsync("00000000");
        string[] numbers = _host.Outbox().Select(m => m.Number.Value).ToArray();
        Assert.Equal(2, numbers.Length);
        await _host.VerifyRawAsync(numbers[0]);
        await _host.VerifyRawAsync(numbers[1]);
        using (HttpClient op = _host.OperatorClient())
        {
            string page = await op.GetStringAsync($"/api/patients/{id}/processing-number");
            Assert.DoesNotContain(numbers[0], page, StringComparison.Ordinal);
        }

        string stored = await Backend.DumpAsync(_host.DataDir);
        Assert.True(stored.Length > 300, stored);
        string logs = _host.Logs.AllText;
        Assert.NotEmpty(_host.Logs.Lines);
        foreach (string n in numbers)
        {
            Assert.DoesNotContain(n, stored, StringComparison.Ordinal);
            Assert.DoesNotContain(n, logs, StringComparison.Ordinal);
        }

        Assert.Contains("09012345678", stored, StringComparison.Ordinal); // the dump does hold the stored rows
    }

    [MachineFact]
    public async Task HostileInputs_Get400_AndNothingIsStored()
    {
        using HttpClient op = _host.OperatorClient();
        string[] bodies =
        [
            "",
            "null",
            "[]",
            "{",
            "{\"name\":\"山田\"}",
            "{\"name\":1,\"nameKana\":\"ヤマダ\",\"phone\":\"09012345678\",\"healthCenter\":\"新宿区保健所\"}",
            "{\"name\":\"山田\",\"nameKana\":\"ヤマダ\",\"phone\":9012345678,\"healthCenter\":\"新宿区保健所\"}",
            "{\"name\":[\"山田\"],\"nameKana\":\"ヤマダ\",\"phone\":\"09012345678\",\"healthCenter\":\"新宿区保健所\"}",
            "{\"name\":\"山田\",\"nameKana\":\"ヤマダ\",\"healthCenter\":\"新宿区保健所\"}",
            "{\"name\":\"Robert'); DROP TABLE patients;--\",\"nameKana\":\"ヤマダ\",\"phone\":\"09012345678\",\"healthCenter\":\"新宿区保健所\"}",
            "{\"name\":\"山田\",\"nameKana\":\"' OR 1=1 --\",\"phone\":\"09012345678\",\"healthCenter\":\"新宿区保健所\"}",
            "{\"name\":\"山田\",\"nameKana\":\"ヤマダ\",\"phone\":\"0312345678\",\"healthCenter\":\"新宿区保健所\"}",
            "{\"name\":\"山田\",\"nameKana\":\"ヤマダ\",\"phone\":\"090abcdefgh\",\"healthCenter\":\"新宿区保健所\"}",
            "{\"name\":\"山田\",\"nameKana\":\"ヤマダ\",\"email\":\"x@y.jp'; DELETE FROM patients\",\"healthCenter\":\"新宿区保健所\"}",
            "{\"name\":\"山田\",\"nameKana\":\"ヤマダ\",\"email\":\"not-an-address\",\"healthCenter\":\"新宿区保健所\"}",
            "{\"name\":\"<script>alert(1)</script>\",\"nameKana\":\"ヤマダ\",\"phone\":\"09012345678\",\"healthCenter\":\"新宿区保健所\"}",
            "{\"name\":\"山田\",\"nameKana\":\"ヤマダ\",\"phone\":\"09012345678\",\"healthCenter\":\"新宿区保健所\",\"isAdmin\":\"true\"}",
            "{\"name\":\"山田\",\"name\":\"田中\",\"nameKana\":\"ヤマダ\",\"phone\":\"09012345678\",\"healthCenter\":\"新宿区保健所\"}",
            "{\"name\":\"" + new string('山', 65) + "\",\"nameKana\":\"ヤマダ\",\"phone\":\"09012345678\",\"healthCenter\":\"新宿区保健所\"}",
            "{\"name\":\"山田\\u0000\",\"nameKana\":\"ヤマダ\",\"phone\":\"09012345678\",\"healthCenter\":\"新宿区保健所\"}",
            "{\"name\":\"山田\",\"nameKana\":\"ヤマダ\",\"phone\":\"09012345678\",\"healthCenter\":\"新宿区保健所\",\"pad\":\"" + new string('x', 20_000) + "\"}",
            new string('[', 100_000),
        ];
        foreach (string body in bodies)
        {
            using HttpResponseMessage response = await op.PostAsync("/api/patients", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} for {body[..Math.Min(body.Length, 80)]}");
        }

        foreach (string id in new[] { "1 OR 1=1", "'; DROP TABLE patients;--", "00000000000000000000000000000000", new string('a', 500) })
        {
            using HttpResponseMessage issue = await op.PostAsync($"/api/patients/{Uri.EscapeDataString(id)}/processing-number", null);
            Assert.Equal(HttpStatusCode.NotFound, issue.StatusCode);
            using HttpResponseMessage get = await op.GetAsync($"/api/patients/{Uri.EscapeDataString(id)}/processing-number");
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        }

        Assert.Equal(0, await _host.Store.CountPatientsAsync(default));
        Assert.Empty(await _host.Store.ListAuditAsync(null, 10, default));
        Assert.Empty(_host.Outbox());
        Assert.Contains(_host.Logs.Lines, l => l.Contains("Request finished", StringComparison.Ordinal)); // request logging was on
    }

    [MachineFact]
    public async Task Store_DetectsHashCollisionsAndStaleVersions()
    {
        string a = await _host.RegisterPatientAsync();
        string b = await _host.RegisterPatientAsync();
        await _host.IssueAsync(a);
        NumberCycle cycleA = (await _host.Store.GetCycleAsync(a, default))!;
        DateTimeOffset now = _clock.GetUtcNow();
        var audit = new AuditEntry(now, "test", "test", b, null);
        NumberCycle clash = cycleA with { PatientId = b, Version = 1, MessageId = "m-b" };

        // Live numbers are unique: the same hash for another patient is refused, and nothing (not even the audit) is written.
        Assert.Equal(SaveResult.DuplicateHash, await _host.Store.SaveCycleAsync(clash, null, audit, default));
        Assert.Null(await _host.Store.GetCycleAsync(b, default));
        Assert.DoesNotContain(await _host.Store.ListAuditAsync(b, 10, default), e => e.Action == "test");

        NumberCycle fresh = clash with { NumberHash = Enumerable.Repeat((byte)7, 32).ToArray() };
        Assert.Equal(SaveResult.Saved, await _host.Store.SaveCycleAsync(fresh, null, audit, default));
        Assert.Equal(SaveResult.VersionConflict, await _host.Store.SaveCycleAsync(fresh with { NumberHash = Enumerable.Repeat((byte)8, 32).ToArray() }, null, audit, default));
        Assert.Equal(SaveResult.VersionConflict, await _host.Store.SaveCycleAsync(fresh with { Version = 5 }, 4, audit, default));
        Assert.Equal(SaveResult.Saved, await _host.Store.SaveCycleAsync(fresh with { Version = 2 }, 1, audit, default));
        Assert.Equal(2, (await _host.Store.GetCycleAsync(b, default))!.Version);
    }

    [MachineFact]
    public async Task Schema_IsVersioned_AndMigrationIsIdempotent()
    {
        Assert.Equal(3, await _host.Store.GetSchemaVersionAsync(default));
        await _host.RestartAsync();
        Assert.Equal(3, await _host.Store.GetSchemaVersionAsync(default));
    }

    private static void WorkSummaryAssert(Numbers.WorkSummary summary, int exhausted)
    {
        Assert.Equal(exhausted, summary.Exhausted);
        Assert.Equal(exhausted, summary.Total);
    }

    /// <summary>A sender that "crashes" (throws) either before or after writing the file.</summary>
    private sealed class FailingSender(bool writeFirst, string outbox) : IMessageSender
    {
        private readonly OutboxMessageSender _inner = new(outbox);

        public async Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
        {
            if (writeFirst)
            {
                await _inner.SendAsync(message, cancellationToken);
            }

            throw new IOException("simulated crash");
        }

        public Task<bool> WasSentAsync(string messageId, CancellationToken cancellationToken) => _inner.WasSentAsync(messageId, cancellationToken);
    }
}

public sealed class SqliteLifecycleTests : LifecycleSuite
{
    protected override StorageBackend CreateBackend() => new SqliteBackend();
}

[Trait("Storage", "PostgreSQL")]
[Requires(MachineDependency.Postgres)]
public sealed class PostgresLifecycleTests : LifecycleSuite
{
    protected override StorageBackend CreateBackend() => new PostgresBackend();
}
