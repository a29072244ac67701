using Cocoa.Samples.NotificationServer;
using Xunit;

namespace Cocoa.Samples.NotificationServer.Tests.Submission;

/// <summary>A misspelt or unknown option stops the server at start-up with one line naming it (no silent defaults).</summary>
public sealed class ServerOptionsTests
{
    private static readonly string[] Required =
        ["--urls", "http://127.0.0.1:0", "--data-dir", "/tmp/cocoa-ns-options", "--health-center", "http://127.0.0.1:9/", "--verification-key", "0123456789abcdef"];

    [Theory]
    [InlineData("--min-days-since-onsett", "-3", "--min-days-since-onsett: unknown option (did you mean --min-days-since-onset?)")]
    [InlineData("--blob-container-name", "c19r", "--blob-container-name: unknown option")]
    [InlineData("--retention-day", "7", "--retention-day: unknown option (did you mean --retention-days?)")]
    public void An_unknown_option_stops_the_server(string option, string value, string expected)
    {
        var ex = Assert.Throws<OptionsException>(() => NotificationServerApp.Create([.. Required, option, value]));
        Assert.Equal(expected, ex.Message);
    }

    [Fact]
    public void The_infectious_window_options_are_read_and_checked()
    {
        Assert.Throws<OptionsException>(() => NotificationServerApp.Create([.. Required, "--min-days-since-onset", "5", "--max-days-since-onset", "2"]));
        var ex = Assert.Throws<OptionsException>(() => NotificationServerApp.Create([.. Required, "--max-days-since-test", "20"]));
        Assert.Contains("--max-days-since-test", ex.Message, StringComparison.Ordinal);
    }
}
