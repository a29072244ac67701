using System.Text.Json;
using Cocoa.Samples.HealthCenter.Tests.Infrastructure;
using Xunit;

namespace Cocoa.Samples.HealthCenter.Tests;

/// <summary>The hosted worker on the real clock: it reissues by itself, without anyone calling RunDueWorkAsync.</summary>
public sealed class WorkerTests
{
    [Fact]
    public async Task HostedWorker_ReissuesExpiredNumbersOnItsTimer()
    {
        await using HealthCenterHost host = await HealthCenterHost.StartAsync(new SqliteBackend(), time: null,
            ["--validity", "00:00:03", "--worker-interval", "00:00:00.100", "--max-reissues", "1", "--reminder-at", "0"]);
        string id = await host.RegisterPatientAsync();
        await host.IssueAsync(id);

        // One reissue and its immediate reminder, then the cycle ends. A reminder is only sent while its number is still
        // valid (an expired number is ended, not reminded of), so the validity leaves the worker's next passes seconds,
        // not milliseconds, to send it even when the machine is loaded.
        DateTime deadline = DateTime.UtcNow.AddSeconds(40);
        JsonElement status;
        do
        {
            await Task.Delay(100);
            status = await host.StatusAsync(id);
        }
        while (status.GetProperty("state").GetString() != "exhausted" && DateTime.UtcNow < deadline);

        Assert.Equal("exhausted", status.GetProperty("state").GetString());
        Assert.Equal(1, status.GetProperty("reissueCount").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, status.GetProperty("reminderSentAt").ValueKind);
        Assert.Equal(3, host.Outbox().Count);
    }
}
