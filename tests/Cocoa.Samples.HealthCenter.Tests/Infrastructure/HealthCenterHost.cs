using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cocoa.Samples.HealthCenter.Messaging;
using Cocoa.Samples.HealthCenter.Numbers;
using Cocoa.Samples.HealthCenter.Storage;
using Cocoa.Sdk.Verification;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Cocoa.Samples.HealthCenter.Tests.Infrastructure;

/// <summary>A message file from the outbox.</summary>
public sealed record OutboxMessage(string FileName, string To, string Channel, string Body, DateTimeOffset SentAt)
{
    public ProcessingNumber Number =>
        ProcessingNumber.TryParseInput(Body.Split('\n').Single(l => l.StartsWith("https://", StringComparison.Ordinal)), out ProcessingNumber pn)
            ? pn
            : throw new InvalidOperationException("No deep link in the message.");

    public bool IsReminder => Body.StartsWith("【リマインド】", StringComparison.Ordinal);
}

/// <summary>The health-center app on real Kestrel at 127.0.0.1 with a temporary data dir; restartable on the same data.</summary>
public sealed class HealthCenterHost : IAsyncDisposable
{
    public const string OperatorToken = "operator-token-0123456789";
    public const string VerificationKey = "verification-key-0123456789";

    private readonly string[] _extraArgs;
    private readonly Func<IServiceProvider, IMessageSender>? _sender;
    private readonly bool _ownsDataDir;

    private HealthCenterHost(string dataDir, bool ownsDataDir, StorageBackend backend, FakeTimeProvider? time, string[] extraArgs, Func<IServiceProvider, IMessageSender>? sender)
    {
        DataDir = dataDir;
        _ownsDataDir = ownsDataDir;
        Backend = backend;
        Time = time;
        _extraArgs = extraArgs;
        _sender = sender;
    }

    public string DataDir { get; }

    public string OutboxDir => Path.Combine(DataDir, "outbox");

    public StorageBackend Backend { get; }

    /// <summary>Null when the app runs on the system clock.</summary>
    public FakeTimeProvider? Time { get; }

    public LogCapture Logs { get; } = new();

    public WebApplication App { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public ProcessingNumberService Numbers => App.Services.GetRequiredService<ProcessingNumberService>();

    public IHealthCenterStore Store => App.Services.GetRequiredService<IHealthCenterStore>();

    public static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero));

    public static async Task<HealthCenterHost> StartAsync(
        StorageBackend backend, FakeTimeProvider? time = null, string[]? extraArgs = null,
        Func<IServiceProvider, IMessageSender>? sender = null, string? dataDir = null)
    {
        string dir = dataDir ?? Path.Combine(Path.GetTempPath(), "hc-test-" + Guid.NewGuid().ToString("N"));
        var host = new HealthCenterHost(dir, dataDir is null, backend, time, extraArgs ?? [], sender);
        await host.StartAppAsync();
        return host;
    }

    /// <summary>Stops the app (like a process exit) and starts a new one on the same data and clock.</summary>
    public async Task RestartAsync(Func<IServiceProvider, IMessageSender>? sender = null)
    {
        await StopAppAsync();
        await StartAppAsync(sender);
    }

    public HttpClient OperatorClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", OperatorToken);
        return client;
    }

    public HealthCenterVerificationClient VerificationClient(HttpClient http, string key = VerificationKey) =>
        new(http, new HealthCenterVerificationClientOptions { BaseAddress = BaseAddress, ApiKey = key });

    public async Task<string> RegisterPatientAsync(string? phone = "090-1234-5678", string? email = null)
    {
        using HttpClient client = OperatorClient();
        string json = JsonSerializer.Serialize(new { name = "山田 太郎", nameKana = "ヤマダ タロウ", phone, email, healthCenter = "新宿区保健所" });
        using HttpResponseMessage response = await client.PostAsync("/api/patients", new StringContent(json, Encoding.UTF8, "application/json"));
        Xunit.Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        using JsonDocument doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("id").GetString()!;
    }

    public async Task IssueAsync(string patientId)
    {
        using HttpClient client = OperatorClient();
        using HttpResponseMessage response = await client.PostAsync($"/api/patients/{patientId}/processing-number", null);
        Xunit.Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
    }

    public async Task<JsonElement> StatusAsync(string patientId)
    {
        using HttpClient client = OperatorClient();
        string text = await client.GetStringAsync($"/api/patients/{patientId}/processing-number");
        using JsonDocument doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    public async Task<string> VerifyRawAsync(string? number, string key = VerificationKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/verification");
        request.Headers.Add("X-Api-Key", key);
        request.Content = new StringContent(JsonSerializer.Serialize(new { processingNumber = number }), Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await Http.SendAsync(request);
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }

    public IReadOnlyList<OutboxMessage> Outbox()
    {
        if (!Directory.Exists(OutboxDir))
        {
            return [];
        }

        return Directory.GetFiles(OutboxDir, "*.json")
            .Select(file =>
            {
                using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(file));
                JsonElement r = doc.RootElement;
                Xunit.Assert.Equal(4, r.EnumerateObject().Count());
                return new OutboxMessage(Path.GetFileName(file), r.GetProperty("to").GetString()!, r.GetProperty("channel").GetString()!,
                    r.GetProperty("body").GetString()!, r.GetProperty("sentAt").GetDateTimeOffset());
            })
            .OrderBy(m => m.SentAt).ThenBy(m => m.FileName, StringComparer.Ordinal)
            .ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAppAsync();
        if (_ownsDataDir && Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }

    private async Task StartAppAsync(Func<IServiceProvider, IMessageSender>? senderOverride = null)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--data-dir", DataDir,
            "--operator-token", OperatorToken,
            "--verification-key", VerificationKey,
            .. await Backend.ArgsAsync(),
            .. Time is null ? Array.Empty<string>() : ["--worker-interval", "00:00:00"],
            .. _extraArgs,
        ];
        Func<IServiceProvider, IMessageSender>? sender = senderOverride ?? _sender;
        App = HealthCenterApp.Build(args, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Trace); // capture everything, request logs included
            builder.Logging.AddProvider(Logs);
            if (Time is not null)
            {
                builder.Services.AddSingleton<TimeProvider>(Time);
            }

            if (sender is not null)
            {
                builder.Services.AddSingleton(sender);
            }
        });
        await App.StartAsync();
        BaseAddress = new Uri(App.Urls.First());
        Http = new HttpClient { BaseAddress = BaseAddress };
    }

    private async Task StopAppAsync()
    {
        if (App is null)
        {
            return;
        }

        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        App = null!;
    }
}
