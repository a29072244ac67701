using Cocoa.Samples.NotificationServer.Storage;
using Cocoa.Samples.NotificationServer.Tests.Infrastructure;
using Cocoa.Sdk.Http;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Cocoa.Samples.NotificationServer.Tests.Submission;

public sealed class ChaffScheduleTests
{
    /// <summary>Counts requests on their way to the real server (it does not change them).</summary>
    private sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        public int Chaff;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.Contains(Cocoa.Sdk.Protocol.DiagnosisSubmissionBody.ChaffHeaderName))
            {
                Interlocked.Increment(ref Chaff);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task The_chaff_schedule_sends_decoys_on_the_clock_until_cancelled()
    {
        await using NotificationServerHost server = await NotificationServerHost.StartAsync("http://127.0.0.1:9/", extraArgs: ["--chaff-max-latency", "10ms"]);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var handler = new CountingHandler();
        using var http = new HttpClient(handler);
        var client = new DiagnosisSubmissionClient(http, new DiagnosisSubmissionClientOptions { BaseAddress = server.BaseAddress, ChaffMeanInterval = TimeSpan.FromHours(1) }, time);
        using var cancel = new CancellationTokenSource();
        Task schedule = client.RunChaffAsync(cancel.Token);

        for (int i = 0; i < 2000 && Volatile.Read(ref handler.Chaff) < 3; i++)
        {
            time.Advance(TimeSpan.FromHours(1));
            await Task.Delay(5);
        }

        Assert.True(handler.Chaff >= 3, $"{handler.Chaff} decoys sent");
        await cancel.CancelAsync();
        await schedule.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((0L, 0L), await server.Service<IKeyStore>().CountKeysAsync(default));
    }
}
