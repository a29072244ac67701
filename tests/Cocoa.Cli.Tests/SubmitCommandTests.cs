using Xunit;

namespace Cocoa.Cli.Tests;

public sealed class SubmitCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cocoa-submit-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string KeysFile(string json)
    {
        string path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        return path;
    }

    private const string OneKey = """[{"keyData":"AAECAwQFBgcICQoLDA0ODw==","rollingStartIntervalNumber":2900000,"rollingPeriod":144,"transmissionRiskLevel":4,"reportType":1,"daysSinceOnsetOfSymptoms":0}]""";

    [Theory]
    [InlineData("1234567")]
    [InlineData("１２３４５６７８")]
    [InlineData("https://www.mhlw.go.jp/cocoa/a/?pn=1234")]
    public void A_malformed_processing_number_is_rejected_without_a_request(string number)
    {
        // Port 9 refuses connections: reaching it would give "server-unavailable" (exit 1), not exit 2.
        CliResult result = CliRunner.Run("submit", "--server", "http://127.0.0.1:9", "--processing-number", number, "--keys", KeysFile(OneKey));
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.StderrLines);
        Assert.Contains("--processing-number", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}", "JSON array")]
    [InlineData("[{\"keyData\":\"AAAA\",\"rollingStartIntervalNumber\":1}]", "keyData")]
    [InlineData("[{\"keyData\":\"AAECAwQFBgcICQoLDA0ODw==\"}]", "rollingStartIntervalNumber")]
    [InlineData("[{\"keyData\":\"AAECAwQFBgcICQoLDA0ODw==\",\"rollingStartIntervalNumber\":1,\"rollingPeriod\":145}]", "rollingPeriod")]
    [InlineData("[{\"keyData\":\"AAECAwQFBgcICQoLDA0ODw==\",\"rollingStartIntervalNumber\":1,\"reportType\":\"x\"}]", "reportType")]
    [InlineData("[", "invalid JSON")]
    public void A_malformed_keys_file_is_a_usage_error(string json, string expected)
    {
        CliResult result = CliRunner.Run("submit", "--server", "http://127.0.0.1:9", "--processing-number", "12345678", "--keys", KeysFile(json));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, Assert.Single(result.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_server_reports_server_unavailable()
    {
        CliResult result = CliRunner.Run("submit", "--server", "http://127.0.0.1:9", "--processing-number", "12345678", "--keys", KeysFile(OneKey), "--max-attempts", "1");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("""{"status":"server-unavailable","httpStatus":null,"attempts":1}""", Assert.Single(result.StdoutLines));
    }
}
