using System.Net;
using System.Net.Sockets;
using Cocoa.Demo;
using Cocoa.Samples.App;
using Cocoa.Sdk.Runtime;
using Xunit;

namespace Cocoa.EndToEnd.Tests;

/// <summary>The app sample's logic against the real sample servers over HTTP on 127.0.0.1.</summary>
public sealed class AppLogicTests : IAsyncLifetime
{
    private AppHarness _h = null!;

    public async Task InitializeAsync() => _h = await AppHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Before_consent_nothing_is_stored_and_registration_asks_for_consent()
    {
        var (app, _, database) = _h.Phone("p");
        HomeScreen home = await app.GetHomeAsync();
        Assert.Equal(ExposureNotificationState.ConsentRequired, home.Status.State);
        Assert.Contains("同意", home.State.Ja, StringComparison.Ordinal);

        RegistrationOutcome outcome = await app.RegisterPositiveAsync("12345678", new DateOnly(2026, 11, 19), hasSymptom: true);
        Assert.Equal(RegistrationResult.ConsentRequired, outcome.Result);
        Assert.Null(outcome.HttpStatus);
        Assert.False(File.Exists(database));
    }

    [Fact]
    public async Task The_consent_screen_lists_every_privacy_promise_in_both_languages()
    {
        string screen = ConsentScreen.Render();
        foreach (string promise in new[] { "個人が特定される情報は記録しません", "互いに分かりません", "14日経過後に自動で無効", "いつでも撤回", "1メートル以内、15分以上", "オフにすると記録しません" })
        {
            Assert.Contains(promise, screen, StringComparison.Ordinal);
        }

        Assert.All(ConsentScreen.Promises, p => Assert.False(string.IsNullOrWhiteSpace(p.En)));
        Assert.Contains("expires automatically after 14 days", screen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agreeing_starts_recording_and_bluetooth_off_is_shown()
    {
        var (app, device, database) = _h.Phone("p");
        HomeScreen home = await app.AgreeAsync();
        Assert.Equal(ExposureNotificationState.Active, home.Status.State);
        Assert.True(File.Exists(database));
        Assert.Contains("No exposure check has run yet", home.LastCheck.En, StringComparison.Ordinal);

        device.BluetoothEnabled = false;
        home = await app.GetHomeAsync();
        Assert.Equal(ExposureNotificationState.BluetoothOff, home.Status.State);
        Assert.Contains("ブルートゥースがオフ", home.State.Ja, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1234567")]
    [InlineData("123456789")]
    [InlineData("１２３４５６７８")]
    [InlineData("1234 5678")]
    [InlineData("https://www.mhlw.go.jp/cocoa/a/?pn=1234")]
    public async Task A_malformed_number_is_rejected_without_contacting_the_server(string input)
    {
        var (app, _, _) = _h.Phone("p");
        await app.AgreeAsync();
        RegistrationOutcome outcome = await app.RegisterPositiveAsync(input, new DateOnly(2026, 11, 19), hasSymptom: true);
        Assert.Equal(RegistrationResult.InvalidFormat, outcome.Result);
        Assert.Null(outcome.HttpStatus);
        Assert.Equal("処理番号は半角数字8桁で入力してください。", outcome.Message.Ja);
    }

    [Fact]
    public async Task A_wrong_number_gets_the_wrong_or_expired_message()
    {
        var (app, _, _) = _h.Phone("p");
        await app.AgreeAsync();
        string link = DemoServers.FindLink(await _h.Servers.IssueProcessingNumberAsync("Aiko", CancellationToken.None))!;
        string number = link[^8..];
        string wrong = number[..7] + (char)('0' + ((number[7] - '0' + 5) % 10));

        RegistrationOutcome outcome = await app.RegisterPositiveAsync(wrong, new DateOnly(2026, 11, 19), hasSymptom: true);

        Assert.Equal(RegistrationResult.WrongOrExpiredNumber, outcome.Result);
        Assert.Equal(406, outcome.HttpStatus);
        Assert.Equal("処理番号が違います", outcome.Title.Ja);
        Assert.StartsWith("処理番号が誤っているか、有効期限が切れています。", outcome.Message.Ja, StringComparison.Ordinal);
        Assert.Contains("1時間", outcome.Message.Ja, StringComparison.Ordinal);
        Assert.Contains("valid for 1 hour", outcome.Message.En, StringComparison.Ordinal);

        // The right number still works afterwards, with the same keys (no second overlapping key of today).
        RegistrationOutcome retry = await app.RegisterPositiveAsync(number, new DateOnly(2026, 11, 19), hasSymptom: true);
        Assert.True(retry.Succeeded, retry.Render());
    }

    [Fact]
    public async Task A_number_used_after_its_hour_gets_the_wrong_or_expired_message()
    {
        var (app, _, _) = _h.Phone("p");
        await app.AgreeAsync();
        string link = DemoServers.FindLink(await _h.Servers.IssueProcessingNumberAsync("Aiko", CancellationToken.None))!;
        _h.Advance(TimeSpan.FromMinutes(61));

        RegistrationOutcome outcome = await app.RegisterPositiveAsync(link, new DateOnly(2026, 11, 19), hasSymptom: true);

        Assert.Equal(RegistrationResult.WrongOrExpiredNumber, outcome.Result);
        Assert.Equal(406, outcome.HttpStatus);
    }

    [Fact]
    public async Task The_registration_link_fills_in_the_number_read_only_and_registers()
    {
        var (app, _, _) = _h.Phone("p");
        await app.AgreeAsync();
        string message = await _h.Servers.IssueProcessingNumberAsync("Aiko", CancellationToken.None);
        string link = DemoServers.FindLink(message)!;

        RegistrationScreen screen = RegistrationScreen.FromLink(link)!;
        Assert.True(screen.NumberIsReadOnly);
        Assert.Equal(link[^8..], screen.PrefilledNumber);
        Assert.Contains(screen.PrefilledNumber!, message, StringComparison.Ordinal);
        Assert.Contains("発行から1時間", RegistrationScreen.Explanation.Ja, StringComparison.Ordinal);

        _h.Advance(TimeSpan.FromMinutes(30));
        RegistrationOutcome outcome = await app.RegisterPositiveAsync(link, new DateOnly(2026, 11, 19), hasSymptom: true);
        Assert.True(outcome.Succeeded, outcome.Render());
        Assert.Equal(200, outcome.HttpStatus);
        Assert.True(outcome.KeysSent >= 1);

        // Used numbers cannot be used again.
        var (other, _, _) = _h.Phone("q");
        await other.AgreeAsync();
        Assert.Equal(RegistrationResult.WrongOrExpiredNumber, (await other.RegisterPositiveAsync(link, new DateOnly(2026, 11, 19), true)).Result);

        // The home screen never says that this phone registered as positive.
        Assert.DoesNotContain("陽性登録", (await app.GetHomeAsync()).Render().Replace("陽性登録者", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://www.mhlw.go.jp/cocoa/a/?pn=1234567")]
    [InlineData("https://www.mhlw.go.jp/cocoa/a/?pn=12345678&pn=87654321")]
    [InlineData("http://www.mhlw.go.jp/cocoa/a/?pn=12345678")]
    [InlineData("https://www.mhlw.go.jp/cocoa/b/?pn=12345678")]
    [InlineData("12345678")]
    public void A_link_without_a_valid_number_opens_the_home_screen(string link) =>
        Assert.Null(RegistrationScreen.FromLink(link));

    [Fact]
    public async Task An_unreachable_health_center_gets_the_cannot_connect_message()
    {
        var (app, _, _) = _h.Phone("p");
        await app.AgreeAsync();
        string link = DemoServers.FindLink(await _h.Servers.IssueProcessingNumberAsync("Aiko", CancellationToken.None))!;
        await _h.Servers.StopHealthCenterAsync();

        RegistrationOutcome outcome = await app.RegisterPositiveAsync(link, new DateOnly(2026, 11, 19), hasSymptom: true);

        Assert.Equal(RegistrationResult.CenterUnreachable, outcome.Result);
        Assert.Equal(503, outcome.HttpStatus);
        Assert.Equal("センターに接続できません", outcome.Title.Ja);
        Assert.Equal("Cannot connect to registration center", outcome.Title.En);
    }

    [Fact]
    public async Task An_unreachable_notification_server_gets_the_cannot_connect_message()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens on this port any more: connections are refused

        var (app, _, _) = _h.Phone("p", new Uri($"http://127.0.0.1:{port}/"));
        await app.AgreeAsync();
        RegistrationOutcome outcome = await app.RegisterPositiveAsync("12345678", new DateOnly(2026, 11, 19), hasSymptom: true);

        Assert.Equal(RegistrationResult.CenterUnreachable, outcome.Result);
        Assert.Null(outcome.HttpStatus);
        Assert.Contains("センターに接続できません", outcome.Message.Ja, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Periodic_checks_run_on_the_app_clock_and_show_on_the_home_screen()
    {
        var (app, _, _) = _h.Phone("p");
        await app.AgreeAsync();
        using var stop = new CancellationTokenSource();
        Task loop = app.RunPeriodicChecksAsync(CocoaApp.DefaultCheckInterval, stop.Token);

        _h.Advance(TimeSpan.FromHours(3));
        await Task.Delay(200);
        Assert.Null((await app.GetHomeAsync()).Status.LastCheck);

        _h.Advance(TimeSpan.FromHours(1));
        DateTimeOffset deadline = DateTimeOffset.UtcNow.AddSeconds(20);
        HomeScreen home;
        while ((home = await app.GetHomeAsync()).Status.LastSuccessfulCheck is null && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(_h.Clock.GetUtcNow(), home.Status.LastSuccessfulCheck);
        Assert.Contains("最終確認", home.LastCheck.Ja, StringComparison.Ordinal);
        Assert.Contains("(JST)", home.LastCheck.En, StringComparison.Ordinal);
        await stop.CancelAsync();
        await loop;
    }

    [Fact]
    public async Task Withdrawing_consent_erases_everything_and_returns_to_the_consent_state()
    {
        var (app, _, _) = _h.Phone("p");
        await app.AgreeAsync();
        _h.Advance(TimeSpan.FromMinutes(30));
        HomeScreen home = await app.WithdrawAsync();
        Assert.Equal(ExposureNotificationState.ConsentRequired, home.Status.State);
        Assert.Empty(app.Notices);
        Assert.Empty(app.Runtime.GetExposureDays());
    }
}
