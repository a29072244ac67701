using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cocoa.Samples.HealthCenter;
using Cocoa.Sdk.Verification;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Cocoa.Samples.NotificationServer.Tests.Infrastructure;

/// <summary>The real health-center sample on Kestrel at 127.0.0.1; numbers are read from its outbox like a phone would receive them.</summary>
internal sealed partial class HealthCenterProcess : IAsyncDisposable
{
    public const string OperatorToken = "hc-operator-token-0123456789";
    public const string VerificationKey = "hc-verification-key-0123456789";

    private readonly string _dataDirectory;
    private WebApplication? _app;

    private HealthCenterProcess(string dataDirectory) => _dataDirectory = dataDirectory;

    public Uri BaseAddress { get; private set; } = null!;

    private string OutboxDirectory => Path.Combine(_dataDirectory, "outbox");

    public static async Task<HealthCenterProcess> StartAsync(string? postgres = null)
    {
        var process = new HealthCenterProcess(Path.Combine(Path.GetTempPath(), "cocoa-hc-" + Guid.NewGuid().ToString("N")));
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--data-dir", process._dataDirectory,
            "--operator-token", OperatorToken,
            "--verification-key", VerificationKey,
            .. postgres is null ? Array.Empty<string>() : ["--postgres", postgres],
        ];
        process._app = HealthCenterApp.Build(args, builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await process._app.StartAsync();
        process.BaseAddress = new Uri(process._app.Urls.First() + "/");
        return process;
    }

    /// <summary>Registers a patient, issues a processing number and returns it as read from the outbox message.</summary>
    public async Task<ProcessingNumber> IssueNumberAsync()
    {
        var seen = new HashSet<string>(Directory.Exists(OutboxDirectory) ? Directory.GetFiles(OutboxDirectory, "*.json") : [], StringComparer.Ordinal);
        using var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorToken);
        string phone = $"090-{Random.Shared.Next(1000, 9999)}-{Random.Shared.Next(1000, 9999)}";
        string json = JsonSerializer.Serialize(new { name = "山田 太郎", nameKana = "ヤマダ タロウ", phone, healthCenter = "新宿区保健所" });
        using HttpResponseMessage created = await client.PostAsync("api/patients", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using JsonDocument doc = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        string id = doc.RootElement.GetProperty("id").GetString()!;
        using HttpResponseMessage issued = await client.PostAsync($"api/patients/{id}/processing-number", null);
        Assert.Equal(HttpStatusCode.Accepted, issued.StatusCode);

        for (int attempt = 0; attempt < 200; attempt++)
        {
            foreach (string file in Directory.Exists(OutboxDirectory) ? Directory.GetFiles(OutboxDirectory, "*.json") : [])
            {
                if (seen.Contains(file))
                {
                    continue;
                }

                using JsonDocument message = JsonDocument.Parse(await File.ReadAllTextAsync(file));

                string body = message.RootElement.GetProperty("body").GetString()!;
                Match link = DeepLink().Match(body);
                Assert.True(link.Success, "The outbox message carries a registration deep link.");
                Assert.True(ProcessingNumber.TryParseInput(link.Value, out ProcessingNumber number));
                Assert.Contains(number.Value, body, StringComparison.Ordinal);
                return number;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The health center sent no message.");
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"https://[^\s/]+/cocoa/a/\?pn=[0-9]{8}")]
    private static partial Regex DeepLink();
}
