using Microsoft.AspNetCore.Builder;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Cocoa.Samples.HealthCenter.Tests.Infrastructure;
using Xunit;

namespace Cocoa.Samples.HealthCenter.Tests;

public sealed class OperatorApiTests : IAsyncLifetime
{
    private HealthCenterHost _host = null!;

    public async Task InitializeAsync() => _host = await HealthCenterHost.StartAsync(new SqliteBackend(), HealthCenterHost.NewClock());

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer")]
    [InlineData("Bearer wrong-token-wrong-token")]
    [InlineData("Basic b3BlcmF0b3I6dG9rZW4=")]
    [InlineData("Bearer verification-key-0123456789")]
    public async Task WithoutTheOperatorToken_Everything401(string? authorization)
    {
        using var client = new HttpClient { BaseAddress = _host.BaseAddress };
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        string body = "{\"name\":\"山田 太郎\",\"nameKana\":\"ヤマダ タロウ\",\"phone\":\"09012345678\",\"healthCenter\":\"新宿区保健所\"}";
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/patients", new StringContent(body, Encoding.UTF8, "application/json"))).StatusCode);
        string id = await _host.RegisterPatientAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync($"/api/patients/{id}/processing-number", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/patients/{id}/processing-number")).StatusCode);
        Assert.Equal(1, await _host.Store.CountPatientsAsync(default));
        Assert.Empty(_host.Outbox());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task NonJsonBodies_Are415_AndStoreNothing(string? contentType)
    {
        using HttpClient op = _host.OperatorClient();
        var content = new ByteArrayContent("{\"name\":\"山田 太郎\",\"nameKana\":\"ヤマダ タロウ\",\"phone\":\"09012345678\",\"healthCenter\":\"新宿区保健所\"}"u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await op.PostAsync("/api/patients", content)).StatusCode);
        Assert.Equal(0, await _host.Store.CountPatientsAsync(default));
    }

    [Fact]
    public async Task Register_Returns201WithId_AndStatusBeforeIssueIsNotIssued()
    {
        string id = await _host.RegisterPatientAsync(phone: "080 1234 5678".Replace(' ', '-'), email: "a.b+c@example.co.jp");
        Assert.Matches("^[0-9a-f]{32}$", id);
        var status = await _host.StatusAsync(id);
        Assert.Equal("not-issued", status.GetProperty("state").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, status.GetProperty("issuedAt").ValueKind);
        Assert.Contains(await _host.Store.ListAuditAsync(id, 10, default), e => e.Action == "patient.registered" && e.Actor == "operator-api");
    }

    [Fact]
    public async Task Issue_Returns202WithoutANumber()
    {
        string id = await _host.RegisterPatientAsync();
        using HttpClient op = _host.OperatorClient();
        using HttpResponseMessage response = await op.PostAsync($"/api/patients/{id}/processing-number", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        string body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(_host.Outbox().Single().Number.Value, body, StringComparison.Ordinal);
        Assert.False(response.Headers.Location is not null && response.Headers.Location.ToString().Contains(_host.Outbox().Single().Number.Value, StringComparison.Ordinal));
    }

    [Fact]
    public async Task InvalidOptions_AreRefusedAtStartup()
    {
        string dir = Path.Combine(Path.GetTempPath(), "hc-opt-" + Guid.NewGuid().ToString("N"));
        try
        {
            Assert.Contains("--operator-token", Assert.Throws<InvalidOperationException>(() => HealthCenterApp.Build(["--data-dir", dir, "--verification-key", "0123456789abcdef"])).Message, StringComparison.Ordinal);
            Assert.Contains("--verification-key", Assert.Throws<InvalidOperationException>(() => HealthCenterApp.Build(["--data-dir", dir, "--operator-token", "0123456789abcdef"])).Message, StringComparison.Ordinal);
            Assert.Contains("--max-reissues", Assert.Throws<InvalidOperationException>(() => HealthCenterApp.Build(["--data-dir", dir, "--operator-token", "0123456789abcdef", "--verification-key", "fedcba9876543210", "--max-reissues", "-1"])).Message, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, true);
            }
        }
    }

    [Theory]
    [InlineData("01:00:00", 60)]
    [InlineData("60m", 60)]
    [InlineData("2h", 120)]
    [InlineData("90s", 1.5)]
    public void Durations_AreReadLikeTheNotificationServers(string validity, double minutes)
    {
        string dir = Path.Combine(Path.GetTempPath(), "hc-dur-" + Guid.NewGuid().ToString("N"));
        try
        {
            WebApplication app = HealthCenterApp.Build(["--data-dir", dir, "--operator-token", "0123456789abcdef", "--verification-key", "fedcba9876543210", "--validity", validity, "--send-grace", validity]);
            var options = (HealthCenterOptions)app.Services.GetService(typeof(HealthCenterOptions))!;
            Assert.Equal(TimeSpan.FromMinutes(minutes), options.Validity);
            Assert.Equal(TimeSpan.FromMinutes(minutes), options.SendGracePeriod);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void A_bad_duration_names_its_switch_and_the_accepted_forms()
    {
        string dir = Path.Combine(Path.GetTempPath(), "hc-dur-" + Guid.NewGuid().ToString("N"));
        var error = Assert.Throws<InvalidOperationException>(() => HealthCenterApp.Build(["--data-dir", dir, "--operator-token", "0123456789abcdef", "--verification-key", "fedcba9876543210", "--validity", "two hours"]));
        Assert.Equal("--validity: expected a duration such as 90s, 60m, 2h or 01:00:00, got \"two hours\".", error.Message);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public async Task ConfigurationKeys_WorkLikeSwitches()
    {
        string dir = Path.Combine(Path.GetTempPath(), "hc-cfg-" + Guid.NewGuid().ToString("N"));
        await using var app = HealthCenterApp.Build([
            "--urls", "http://127.0.0.1:0", "--HealthCenter:DataDirectory", dir, "--HealthCenter:OperatorToken", "0123456789abcdef",
            "--HealthCenter:VerificationKey", "fedcba9876543210", "--validity", "1.00:00:00", "--link-host", "cocoa.example.jp"]);
        await app.StartAsync();
        var options = app.Services.GetService(typeof(HealthCenterOptions)) as HealthCenterOptions;
        Assert.Equal(TimeSpan.FromHours(24), options!.Validity);
        Assert.Equal("cocoa.example.jp", options.LinkHost);
        Assert.True(File.Exists(Path.Combine(dir, "number-hash.key")));
        Assert.True(File.Exists(Path.Combine(dir, "healthcenter.db")));
        Assert.True(Directory.Exists(Path.Combine(dir, "outbox")));
        await app.StopAsync();
        Directory.Delete(dir, true);
    }
}
