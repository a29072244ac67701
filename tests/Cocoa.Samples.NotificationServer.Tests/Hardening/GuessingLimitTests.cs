using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cocoa.Samples.NotificationServer.Storage;
using Cocoa.Samples.NotificationServer.Tests.Infrastructure;
using Cocoa.Sdk.Verification;
using Cocoa.TestInfrastructure;
using Xunit;

namespace Cocoa.Samples.NotificationServer.Tests.Hardening;

/// <summary>
/// Guessing processing numbers through the notification server, against the real health center with default limits
/// (issue 13): every guess counts against its own client, nobody else's.
/// </summary>
public sealed class GuessingLimitTests : IAsyncLifetime
{
    private HealthCenterProcess _healthCenter = null!;
    private NotificationServerHost _server = null!;

    public async Task InitializeAsync()
    {
        _healthCenter = await HealthCenterProcess.StartAsync();
        _server = await NotificationServerHost.StartAsync(_healthCenter.BaseAddress.AbsoluteUri, verificationKey: HealthCenterProcess.VerificationKey);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _healthCenter.DisposeAsync();
    }

    [Fact]
    public async Task Two_guessing_clients_do_not_lock_out_a_third_with_a_genuine_number()
    {
        using HttpClient a = LoopbackClient.From("127.0.0.2", _server.BaseAddress);
        using HttpClient b = LoopbackClient.From("127.0.0.3", _server.BaseAddress);
        using HttpClient c = LoopbackClient.From("127.0.0.4", _server.BaseAddress);
        foreach (HttpClient guesser in new[] { a, b })
        {
            for (int i = 0; i < 10; i++)
            {
                Assert.Equal(HttpStatusCode.NotAcceptable, await PutAsync(guesser, Body(WrongNumber())));
            }
        }

        // Each guesser is now refused (its own budget), ...
        Assert.Equal(HttpStatusCode.TooManyRequests, await PutAsync(a, Body(WrongNumber())));

        // ... but a third client registers with a fresh genuine number.
        ProcessingNumber genuine = await _healthCenter.IssueNumberAsync();
        Assert.Equal(HttpStatusCode.OK, await PutAsync(c, Body(genuine.Value)));
        Assert.Equal((3L, 3L), await _server.Service<IKeyStore>().CountKeysAsync(default));
    }

    [Fact]
    public async Task Reusing_an_accepted_idempotency_key_does_not_buy_free_guesses()
    {
        using HttpClient client = LoopbackClient.From("127.0.0.5", _server.BaseAddress);
        ProcessingNumber genuine = await _healthCenter.IssueNumberAsync();
        JsonObject accepted = Body(genuine.Value);
        Assert.Equal(HttpStatusCode.OK, await PutAsync(client, accepted));

        // The retried key is still answered like the stored request, but every wrong number sent under it is a counted
        // failure: after the budget the client is refused before anything reaches the health center.
        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 11; i++)
        {
            JsonObject guess = Body(WrongNumber());
            guess["idempotency_key"] = accepted["idempotency_key"]!.GetValue<string>();
            statuses.Add(await PutAsync(client, guess));
        }

        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[10]);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_forwarded_client_has_its_own_budget_and_nobody_else_can_choose_one()
    {
        await using NotificationServerHost server = await NotificationServerHost.StartAsync(
            _healthCenter.BaseAddress.AbsoluteUri,
            verificationKey: HealthCenterProcess.VerificationKey,
            extraArgs: ["--trusted-proxies", "127.0.0.9", "--max-failed-verifications", "1"]);
        using HttpClient proxy = LoopbackClient.From("127.0.0.9", server.BaseAddress);
        using HttpClient other = LoopbackClient.From("127.0.0.8", server.BaseAddress);

        async Task<HttpStatusCode> ForwardedAsync(HttpClient via, string clientAddress)
        {
            using var content = new StringContent(Body(WrongNumber()).ToJsonString(), Encoding.UTF8, "application/json");
            using var request = new HttpRequestMessage(HttpMethod.Put, "api/v3/diagnosis") { Content = content };
            request.Headers.Add("X-Forwarded-For", clientAddress);
            using HttpResponseMessage response = await via.SendAsync(request);
            return response.StatusCode;
        }

        // Through the load balancer: the forwarded address is the client.
        Assert.Equal(HttpStatusCode.NotAcceptable, await ForwardedAsync(proxy, "198.51.100.1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await ForwardedAsync(proxy, "198.51.100.1"));
        Assert.Equal(HttpStatusCode.NotAcceptable, await ForwardedAsync(proxy, "198.51.100.2"));

        // From anywhere else the header is ignored: a new forwarded address does not buy a new budget.
        Assert.Equal(HttpStatusCode.NotAcceptable, await ForwardedAsync(other, "198.51.100.3"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await ForwardedAsync(other, "198.51.100.4"));
    }

    private static JsonObject Body(string number) => SubmissionBodies.Valid(DateTimeOffset.UtcNow, number).Body;

    private static string WrongNumber() => ProcessingNumber.Generate().Value;

    private static async Task<HttpStatusCode> PutAsync(HttpClient client, JsonObject body)
    {
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await client.PutAsync("api/v3/diagnosis", content);
        return response.StatusCode;
    }
}
