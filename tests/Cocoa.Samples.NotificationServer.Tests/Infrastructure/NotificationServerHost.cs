using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Cocoa.Samples.NotificationServer.Tests.Infrastructure;

/// <summary>The real notification server on Kestrel at 127.0.0.1 with a fresh data directory.</summary>
internal sealed class NotificationServerHost : IAsyncDisposable
{
    public const string OperatorToken = "test-operator-token";
    public const string VerificationKey = "test-verification-key";

    private NotificationServerHost(WebApplication app, string dataDirectory, bool ownsDirectory)
    {
        App = app;
        DataDirectory = dataDirectory;
        OwnsDirectory = ownsDirectory;
        BaseAddress = new Uri(app.Urls.First() + "/");
        Client = new HttpClient { BaseAddress = BaseAddress };
    }

    public WebApplication App { get; }

    public string DataDirectory { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    private bool OwnsDirectory { get; }

    public T Service<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<NotificationServerHost> StartAsync(
        string healthCenterUrl,
        string? postgres = null,
        Action<IServiceCollection>? configureServices = null,
        string? dataDirectory = null,
        string verificationKey = VerificationKey,
        params string[] extraArgs)
    {
        bool owns = dataDirectory is null;
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "cocoa-ns-" + Guid.NewGuid().ToString("N"));
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            "--data-dir", dataDirectory,
            "--health-center", healthCenterUrl,
            "--verification-key", verificationKey,
            "--operator-token", OperatorToken,
            "--publisher", "off",
        };
        if (postgres is not null)
        {
            args.AddRange(["--postgres", postgres]);
        }

        args.AddRange(extraArgs);
        WebApplication app = NotificationServerApp.Create([.. args], configureServices);
        await app.StartAsync();
        return new NotificationServerHost(app, dataDirectory, owns);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (OwnsDirectory)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
