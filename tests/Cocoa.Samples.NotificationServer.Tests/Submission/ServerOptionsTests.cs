using Cocoa.Samples.NotificationServer;
using Xunit;

namespace Cocoa.Samples.NotificationServer.Tests.Submission;

/// <summary>A misspelt or unknown option stops the server at start-up with one line naming it (no silent defaults).</summary>
public sealed class ServerOptionsTests : IDisposable
{
    // A data folder of this test's own (a fixed /tmp path would be left behind and could belong to another user).
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "cocoa-ns-options-" + Guid.NewGuid().ToString("N"));

    private string[] Required =>
        ["--urls", "http://127.0.0.1:0", "--data-dir", _dataDir, "--health-center", "http://127.0.0.1:9/", "--verification-key", "0123456789abcdef"];

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    [Theory]
    [InlineData("--min-days-since-onsett", "-3", "--min-days-since-onsett: unknown option (did you mean --min-days-since-onset?)")]
    [InlineData("--blob-container-name", "c19r", "--blob-container-name: unknown option")]
    [InlineData("--retention-day", "7", "--retention-day: unknown option (did you mean --retention-days?)")]
    public void An_unknown_option_stops_the_server(string option, string value, string expected)
    {
        var ex = Assert.Throws<OptionsException>(() => NotificationServerApp.Create([.. Required, option, value]));
        Assert.Equal(expected, ex.Message);
    }

    [Theory]
    [InlineData("--blob-container", "C19R", "--blob-container: expected 3-63 lowercase letters, digits and single inner hyphens (e.g. c19r), got \"C19R\".")]
    [InlineData("--blob-container", "c--19r", "--blob-container: expected 3-63 lowercase letters, digits and single inner hyphens (e.g. c19r), got \"c--19r\".")]
    [InlineData("--list-max-age", "2d", "--list-max-age must be between 0s and 1d (e.g. 60s).")]
    [InlineData("--blob-connection-string", "not a connection string", "--blob-connection-string: expected an Azure Storage connection string (AccountName=…;AccountKey=…;BlobEndpoint=… or DefaultEndpointsProtocol=…), got one that does not parse.")]
    public void Export_storage_options_are_checked_at_start_up(string option, string value, string expected)
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
