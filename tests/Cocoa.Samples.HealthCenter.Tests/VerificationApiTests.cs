using System.Net;
using System.Text;
using Cocoa.Samples.HealthCenter.Tests.Infrastructure;
using Cocoa.TestInfrastructure;
using Cocoa.Sdk.Verification;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Cocoa.Samples.HealthCenter.Tests;

public sealed class VerificationApiTests : IAsyncLifetime
{
    private readonly SqliteBackend _backend = new();
    private HealthCenterHost _host = null!;
    private FakeTimeProvider _clock = null!;

    public async Task InitializeAsync()
    {
        _clock = HealthCenterHost.NewClock();
        _host = await HealthCenterHost.StartAsync(_backend, _clock,
            ["--verification-failure-limit", "5", "--verification-failure-window", "00:10:00"]);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task MissingOrWrongKey_Is401_AndDoesNotConsume()
    {
        string id = await _host.RegisterPatientAsync();
        await _host.IssueAsync(id);
        string pn = _host.Outbox().Single().Number.Value;

        using var noKey = new HttpRequestMessage(HttpMethod.Post, "/api/verification")
        {
            Content = new StringContent("{\"processingNumber\":\"" + pn + "\"}", Encoding.UTF8, "application/json"),
        };
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Http.SendAsync(noKey)).StatusCode);
        Assert.StartsWith("401 ", await _host.VerifyRawAsync(pn, key: "wrong-key-wrong-key"), StringComparison.Ordinal);
        Assert.StartsWith("401 ", await _host.VerifyRawAsync(pn, key: HealthCenterHost.OperatorToken), StringComparison.Ordinal);
        Assert.Equal("200 {\"result\":\"OK\"}", await _host.VerifyRawAsync(pn));
    }

    [Fact]
    public async Task UnknownExpiredUsedAndMalformed_AreIndistinguishable()
    {
        string expiredId = await _host.RegisterPatientAsync();
        await _host.IssueAsync(expiredId);
        string expired = _host.Outbox().Single().Number.Value;
        _clock.Advance(TimeSpan.FromHours(2));

        string usedId = await _host.RegisterPatientAsync();
        await _host.IssueAsync(usedId);
        string used = _host.Outbox().Single(m => m.Number.Value != expired).Number.Value;
        Assert.Equal("200 {\"result\":\"OK\"}", await _host.VerifyRawAsync(used));

        string unknown = used == "12345678" ? "87654321" : "12345678";
        var answers = new List<(HttpStatusCode, string, string)>();
        foreach (string? candidate in new[] { unknown, expired, used, "1234567", "１２３４５６７８", "' OR 1=1 --", "" })
        {
            _clock.Advance(TimeSpan.FromMinutes(10)); // keep the failure window clear
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/verification");
            request.Headers.Add("X-Api-Key", HealthCenterHost.VerificationKey);
            request.Content = JsonBody(new ProcessingNumberVerificationRequest(candidate!).ToUtf8Json());
            using HttpResponseMessage response = await _host.Http.SendAsync(request);
            string headers = string.Join("|", response.Headers.Concat(response.Content.Headers)
                .Where(h => h.Key != "Date").Select(h => h.Key + "=" + string.Join(",", h.Value)).Order(StringComparer.Ordinal));
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync(), headers));
        }

        Assert.All(answers, a => Assert.Equal((HttpStatusCode.OK, "{\"result\":\"NG\"}", answers[0].Item3), a));
    }

    [Fact]
    public async Task MalformedBodies_Are400()
    {
        foreach (string body in new[] { "", "{", "[]", "{\"processingNumber\":12345678}", "{\"processingNumber\":null}", "{\"pn\":\"12345678\"}", "{\"processingNumber\":\"" + new string('1', 5000) + "\"}" })
        {
            _clock.Advance(TimeSpan.FromMinutes(10)); // keep the failure window clear
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/verification");
            request.Headers.Add("X-Api-Key", HealthCenterHost.VerificationKey);
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            Assert.Equal(HttpStatusCode.BadRequest, (await _host.Http.SendAsync(request)).StatusCode);
        }
    }

    [Fact]
    public async Task TooManyFailures_Give429PerCaller_UntilTheWindowPasses()
    {
        string id = await _host.RegisterPatientAsync();
        await _host.IssueAsync(id);
        string pn = _host.Outbox().Single().Number.Value;
        string wrong = pn == "00000000" ? "00000001" : "00000000";

        for (int i = 0; i < 5; i++)
        {
            Assert.Equal("200 {\"result\":\"NG\"}", await _host.VerifyRawAsync(wrong));
            _clock.Advance(TimeSpan.FromSeconds(10));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/verification");
        request.Headers.Add("X-Api-Key", HealthCenterHost.VerificationKey);
        request.Content = JsonBody(new ProcessingNumberVerificationRequest(pn).ToUtf8Json());
        using HttpResponseMessage limited = await _host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(550), limited.Headers.RetryAfter?.Delta);

        // The library client reports it as such, and the genuine number was not consumed by the refused attempt.
        using var http = new HttpClient();
        HealthCenterVerificationClient client = _host.VerificationClient(http);
        ProcessingNumber number = Parse(pn);
        HealthCenterVerificationResult result = await client.VerifyAsync(number);
        Assert.Equal(HealthCenterVerificationOutcome.RateLimited, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(550), result.RetryAfter);

        // Another caller (another loopback address) is not affected; the number it tries is another one, because the
        // number tried five times is now refused to everyone.
        using HttpClient other = LoopbackClient.From("127.0.0.2", _host.BaseAddress);
        string anotherWrong = pn == "00000002" ? "00000003" : "00000002";
        Assert.Equal(HealthCenterVerificationOutcome.Ng, (await _host.VerificationClient(other).VerifyAsync(Parse(anotherWrong))).Outcome);
        Assert.Equal(HealthCenterVerificationOutcome.RateLimited, (await _host.VerificationClient(other).VerifyAsync(Parse(wrong))).Outcome);

        _clock.Advance(TimeSpan.FromSeconds(550));
        Assert.Equal(HealthCenterVerificationOutcome.Ok, (await client.VerifyAsync(number)).Outcome);
    }

    [Fact]
    public async Task LibraryClient_AgainstRealServer_ReportsOkNgAndUnauthorized()
    {
        string id = await _host.RegisterPatientAsync();
        await _host.IssueAsync(id);
        ProcessingNumber number = _host.Outbox().Single().Number;

        using var http = new HttpClient();
        Assert.Equal(HealthCenterVerificationOutcome.Unauthorized, (await _host.VerificationClient(http, "not-the-key-not-the-key").VerifyAsync(number)).Outcome);
        HealthCenterVerificationResult ok = await _host.VerificationClient(http).VerifyAsync(number);
        Assert.True(ok.IsOk);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        HealthCenterVerificationResult again = await _host.VerificationClient(http).VerifyAsync(number);
        Assert.True(again.IsNg);
        Assert.Equal(HealthCenterVerificationOutcome.Ng, (await _host.VerificationClient(http).SendAsync(new ProcessingNumberVerificationRequest("abc"))).Outcome);
    }

    [Fact]
    public async Task LibraryClient_ReportsUnreachable_AfterTheServerStops()
    {
        Uri address = _host.BaseAddress;
        await _host.App.StopAsync();
        using var http = new HttpClient();
        var client = new HealthCenterVerificationClient(http, new HealthCenterVerificationClientOptions { BaseAddress = address, ApiKey = HealthCenterHost.VerificationKey });
        Assert.Equal(HealthCenterVerificationOutcome.Unreachable, (await client.VerifyAsync(ProcessingNumber.Generate())).Outcome);
    }

    [Fact]
    public async Task ForwardedClientIds_HaveTheirOwnBudgets_SoFewGuessersCannotLockOutEveryone()
    {
        // Issue 13: the notification server is the only caller. Client A and client B exhaust their own budgets ...
        using var http = new HttpClient();
        HealthCenterVerificationClient caller = _host.VerificationClient(http);
        foreach (string client in new[] { "client-a", "client-b" })
        {
            for (int i = 0; i < 5; i++)
            {
                Assert.Equal(HealthCenterVerificationOutcome.Ng, (await caller.VerifyAsync(ProcessingNumber.Generate(), client)).Outcome);
            }

            Assert.Equal(HealthCenterVerificationOutcome.RateLimited, (await caller.VerifyAsync(ProcessingNumber.Generate(), client)).Outcome);
        }

        // ... and client C, through the same caller, still registers with its genuine number.
        string id = await _host.RegisterPatientAsync();
        await _host.IssueAsync(id);
        Assert.Equal(HealthCenterVerificationOutcome.Ok, (await caller.VerifyAsync(_host.Outbox().Single().Number, "client-c")).Outcome);
    }

    [Fact]
    public async Task OneNumber_FailingFromManyClients_IsRefusedToAll_OtherNumbersAreNot()
    {
        using var http = new HttpClient();
        HealthCenterVerificationClient caller = _host.VerificationClient(http);
        ProcessingNumber target = ProcessingNumber.Generate();
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(HealthCenterVerificationOutcome.Ng, (await caller.VerifyAsync(target, $"client-{i}")).Outcome);
        }

        HealthCenterVerificationResult refused = await caller.VerifyAsync(target, "client-fresh");
        Assert.Equal(HealthCenterVerificationOutcome.RateLimited, refused.Outcome);
        Assert.Equal(TimeSpan.FromMinutes(10), refused.RetryAfter);
        Assert.Equal(HealthCenterVerificationOutcome.Ng, (await caller.VerifyAsync(ProcessingNumber.Generate(), "client-fresh")).Outcome);
    }

    [Fact]
    public async Task AClientId_IsOnlyAcceptedWithTheKey_AndMustBePrintableAscii()
    {
        foreach (string key in new[] { "wrong-key-wrong-key", "" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/verification") { Content = JsonBody("{\"processingNumber\":\"12345678\"}"u8.ToArray()) };
            request.Headers.Add("X-Api-Key", key);
            request.Headers.Add("X-Client-Id", "someone-else");
            Assert.Equal(HttpStatusCode.Unauthorized, (await _host.Http.SendAsync(request)).StatusCode);
        }

        foreach (string bad in new[] { "", new string('a', 129), "with space", "tab\there" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/verification") { Content = JsonBody("{\"processingNumber\":\"12345678\"}"u8.ToArray()) };
            request.Headers.Add("X-Api-Key", HealthCenterHost.VerificationKey);
            request.Headers.TryAddWithoutValidation("X-Client-Id", bad);
            Assert.Equal(HttpStatusCode.BadRequest, (await _host.Http.SendAsync(request)).StatusCode);
        }
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData(null)]
    public async Task NonJsonBodies_Are415(string? contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/verification") { Content = new ByteArrayContent("{\"processingNumber\":\"12345678\"}"u8.ToArray()) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.Add("X-Api-Key", HealthCenterHost.VerificationKey);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await _host.Http.SendAsync(request)).StatusCode);
    }

    private static ByteArrayContent JsonBody(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }

    private static ProcessingNumber Parse(string text) =>
        ProcessingNumber.TryParse(text, out ProcessingNumber n) ? n : throw new ArgumentException(text);
}
