using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cocoa.Samples.HealthCenter;
using Cocoa.Samples.NotificationServer;
using Cocoa.Sdk.Export;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cocoa.Demo;

/// <summary>
/// The two sample servers, in this process on real Kestrel at 127.0.0.1 (random ports), with SQLite in a temporary
/// folder and the demo's simulated clock injected as their <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class DemoServers : IAsyncDisposable
{
    // Secrets of this throwaway deployment only; they exist for the lifetime of the demo process.
    private const string HealthCenterOperatorToken = "demo-health-center-operator";
    private const string VerificationKey = "demo-verification-key-0123";
    private const string NotificationOperatorToken = "demo-notification-operator";

    private readonly WebApplication _healthCenter;
    private readonly WebApplication _notificationServer;
    private bool _healthCenterStopped;

    private DemoServers(string dataDirectory, WebApplication healthCenter, WebApplication notificationServer)
    {
        DataDirectory = dataDirectory;
        _healthCenter = healthCenter;
        _notificationServer = notificationServer;
        HealthCenterUrl = new Uri(healthCenter.Urls.First() + "/");
        NotificationServerUrl = new Uri(notificationServer.Urls.First() + "/");
        Http = new HttpClient();
    }

    public string DataDirectory { get; }

    public Uri HealthCenterUrl { get; }

    public Uri NotificationServerUrl { get; }

    /// <summary>One HTTP client shared by the operators and every simulated phone.</summary>
    public HttpClient Http { get; }

    private string HealthCenterDirectory => Path.Combine(DataDirectory, "health-center");

    private string OutboxDirectory => Path.Combine(HealthCenterDirectory, "outbox");

    /// <summary>The key that signs export files, as shipped inside the app.</summary>
    public ExportPublicKeySet ExportKeys =>
        ExportPublicKeySet.FromPem(File.ReadAllText(Path.Combine(DataDirectory, "notification-server", "export-public.pem")));

    public static async Task<DemoServers> StartAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        string root = Path.Combine(Path.GetTempPath(), "cocoa-demo-" + Guid.NewGuid().ToString("N"));
        string healthCenterDir = Path.Combine(root, "health-center");
        string notificationDir = Path.Combine(root, "notification-server");

        WebApplication healthCenter = HealthCenterApp.Build(
            [
                "--urls", "http://127.0.0.1:0",
                "--data-dir", healthCenterDir,
                "--operator-token", HealthCenterOperatorToken,
                "--verification-key", VerificationKey,
                "--worker-interval", "00:00:00", // reissues are not needed: the number is used within its hour
            ],
            builder =>
            {
                builder.Logging.ClearProviders();
                builder.Services.AddSingleton(clock);
            });
        await healthCenter.StartAsync(cancellationToken);

        WebApplication notificationServer = NotificationServerApp.Create(
            [
                "--urls", "http://127.0.0.1:0",
                "--data-dir", notificationDir,
                "--health-center", healthCenter.Urls.First() + "/",
                "--verification-key", VerificationKey,
                "--operator-token", NotificationOperatorToken,
                "--publisher", "off", // the demo publishes through the operator endpoint once the embargo has passed
            ],
            services =>
            {
                if (Environment.GetEnvironmentVariable("COCOA_DEMO_SERVER_LOGS") is null)
                {
                    services.AddLogging(logging => logging.ClearProviders());
                }
                services.AddSingleton(clock);
            });
        await notificationServer.StartAsync(cancellationToken);
        return new DemoServers(root, healthCenter, notificationServer);
    }

    /// <summary>The health center registers the patient and presses 〈処理番号発行〉; returns the message the patient receives.</summary>
    /// <param name="name">The patient's name.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <param name="phone">The patient's mobile number (the SMS goes there).</param>
    /// <returns>The message text.</returns>
    public async Task<string> IssueProcessingNumberAsync(string name, CancellationToken cancellationToken, string phone = "090-0000-0001")
    {
        var before = new HashSet<string>(Directory.Exists(OutboxDirectory) ? Directory.GetFiles(OutboxDirectory, "*.json") : [], StringComparer.Ordinal);
        using var operatorClient = new HttpClient { BaseAddress = HealthCenterUrl };
        operatorClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HealthCenterOperatorToken);
        string patient = JsonSerializer.Serialize(new { name, nameKana = "カンジャ", phone, healthCenter = "新宿区保健所" });
        using HttpResponseMessage created = await operatorClient.PostAsync(
            "api/patients", new StringContent(patient, Encoding.UTF8, "application/json"), cancellationToken);
        created.EnsureSuccessStatusCode();
        using JsonDocument id = JsonDocument.Parse(await created.Content.ReadAsStringAsync(cancellationToken));
        using HttpResponseMessage issued = await operatorClient.PostAsync(
            $"api/patients/{id.RootElement.GetProperty("id").GetString()}/processing-number", null, cancellationToken);
        issued.EnsureSuccessStatusCode();

        string file = Directory.GetFiles(OutboxDirectory, "*.json").Single(f => !before.Contains(f));
        using JsonDocument message = JsonDocument.Parse(await File.ReadAllTextAsync(file, cancellationToken));
        return message.RootElement.GetProperty("body").GetString()!;
    }

    /// <summary>Finds the registration link in a health-center message.</summary>
    public static string? FindLink(string message) => DeepLink().Match(message) is { Success: true } m ? m.Value : null;

    /// <summary>The operator publishes every key whose embargo has passed; returns the number of real keys published.</summary>
    public async Task<int> PublishAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(NotificationServerUrl, "api/admin/publish"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", NotificationOperatorToken);
        using HttpResponseMessage response = await Http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        using JsonDocument summary = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return summary.RootElement.GetProperty("keys").GetInt32();
    }

    /// <summary>Takes the health center offline (the notification server can no longer verify numbers).</summary>
    public async Task StopHealthCenterAsync()
    {
        if (!_healthCenterStopped)
        {
            _healthCenterStopped = true;
            await _healthCenter.StopAsync();
            await _healthCenter.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _notificationServer.StopAsync();
        await _notificationServer.DisposeAsync();
        await StopHealthCenterAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex(@"https://[^\s/]+/cocoa/a/\?pn=[0-9]{8}")]
    private static partial Regex DeepLink();
}
