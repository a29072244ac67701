using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Cocoa.Samples.HealthCenter.Tests.Infrastructure;
using Cocoa.TestInfrastructure;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Cocoa.Samples.HealthCenter.Tests;

/// <summary>Issue 13: wrong tokens on <c>/login</c> and the operator API are limited per address (5 per 15 minutes).</summary>
public sealed partial class SignInThrottleTests : IAsyncLifetime
{
    private HealthCenterHost _host = null!;
    private FakeTimeProvider _clock = null!;

    public async Task InitializeAsync()
    {
        _clock = HealthCenterHost.NewClock();
        _host = await HealthCenterHost.StartAsync(new SqliteBackend(), _clock);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Wrong_tokens_on_the_login_page_are_throttled_per_address_and_audited_only_until_then()
    {
        using HttpClient attacker = Client("127.0.0.1");
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignInAsync(attacker, "wrong-token-wrong-token")).StatusCode);
        }

        // Further attempts are refused before the token is checked, even the right one, and add no audit rows.
        for (int i = 0; i < 20; i++)
        {
            using HttpResponseMessage refused = await SignInAsync(attacker, i == 19 ? HealthCenterHost.OperatorToken : "wrong-token-wrong-token");
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(TimeSpan.FromMinutes(15), refused.Headers.RetryAfter?.Delta);
        }

        Assert.Equal(5, (await _host.Store.ListAuditAsync(null, 100, default)).Count(e => e.Action == "signin.refused"));

        // Another address signs in; the throttled one can again after the window.
        using HttpClient staff = Client("127.0.0.2");
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(staff, HealthCenterHost.OperatorToken)).StatusCode);
        _clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(attacker, HealthCenterHost.OperatorToken)).StatusCode);
    }

    [Fact]
    public async Task Wrong_bearer_tokens_on_the_operator_api_are_throttled_too()
    {
        using HttpClient attacker = Client("127.0.0.1");
        attacker.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong-token-wrong-token");
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.GetAsync("/api/patients/00000000000000000000000000000000/processing-number")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await attacker.GetAsync("/api/patients/00000000000000000000000000000000/processing-number")).StatusCode);
        using HttpClient other = Client("127.0.0.2");
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HealthCenterHost.OperatorToken);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/api/patients/00000000000000000000000000000000/processing-number")).StatusCode);
    }

    private async Task<HttpResponseMessage> SignInAsync(HttpClient client, string token)
    {
        string page = await client.GetStringAsync("/login");
        Match csrf = CsrfField().Match(page);
        Assert.True(csrf.Success, "The login form carries an anti-forgery field.");
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            [WebUtility.HtmlDecode(csrf.Groups[1].Value)] = WebUtility.HtmlDecode(csrf.Groups[2].Value),
            ["staff"] = "田中",
            ["token"] = token,
        });
        return await client.PostAsync("/login", form);
    }

    private HttpClient Client(string localAddress) => LoopbackClient.From(localAddress, _host.BaseAddress, handler =>
    {
        handler.AllowAutoRedirect = false;
        handler.CookieContainer = new CookieContainer();
    });

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\">")]
    private static partial Regex CsrfField();
}
