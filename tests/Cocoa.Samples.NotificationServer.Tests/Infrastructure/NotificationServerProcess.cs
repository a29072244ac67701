using System.Net.Http.Headers;
using System.Text.Json;
using Cocoa.TestInfrastructure;

namespace Cocoa.Samples.NotificationServer.Tests.Infrastructure;

/// <summary>
/// One notification server instance as its own process (<c>dotnet Cocoa.Samples.NotificationServer.dll</c>, the build
/// output beside the tests) on a fixed 127.0.0.1 port, so that a test can SIGKILL it and start it again at the same address.
/// </summary>
internal sealed class NotificationServerProcess : IAsyncDisposable
{
    private readonly string[] _arguments;
    private readonly string _logFile;
    private ServiceProcess _process;

    private NotificationServerProcess(string[] arguments, string logFile, int port, ServiceProcess process)
    {
        _arguments = arguments;
        _logFile = logFile;
        Port = port;
        _process = process;
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public HttpClient Client { get; }

    /// <summary>Everything the process has logged (across restarts).</summary>
    public string Log() => File.Exists(_logFile) ? File.ReadAllText(_logFile) : "";

    public static async Task<NotificationServerProcess> StartAsync(string logFile, IEnumerable<string> arguments)
    {
        int port = ServiceProcess.FreeLoopbackPort();
        string[] args = [Path.Combine(AppContext.BaseDirectory, "Cocoa.Samples.NotificationServer.dll"), "--urls", $"http://127.0.0.1:{port}", .. arguments];
        ServiceProcess process = await LaunchAsync(args, logFile, port);
        return new NotificationServerProcess(args, logFile, port, process);
    }

    /// <summary>SIGKILL, as a crash or an OOM kill would end it.</summary>
    public Task KillAsync() => _process.KillAsync();

    /// <summary>Starts the process again with the same arguments at the same address.</summary>
    public async Task RestartAsync()
    {
        await _process.DisposeAsync();
        _process = await LaunchAsync(_arguments, _logFile, Port);
    }

    /// <summary>Asks this instance to publish now; the summary's regionsSkipped is 1 when another instance holds the lease.</summary>
    public async Task<(int Keys, int Files, int RegionsSkipped)> PublishAsync(CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/admin/publish");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", NotificationServerHost.OperatorToken);
        using HttpResponseMessage response = await Client.SendAsync(request, cancellationToken);
        string body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"publish on {BaseAddress}: {(int)response.StatusCode} {body}");
        }

        using JsonDocument summary = JsonDocument.Parse(body);
        JsonElement root = summary.RootElement;
        return (root.GetProperty("keys").GetInt32(), root.GetProperty("files").GetInt32(), root.GetProperty("regionsSkipped").GetInt32());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _process.DisposeAsync();
    }

    private static async Task<ServiceProcess> LaunchAsync(string[] args, string logFile, int port)
    {
        string dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        ServiceProcess process = ServiceProcess.Start(dotnet, args, logFile, environment: new Dictionary<string, string>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["Logging__Console__FormatterName"] = "simple",
        });
        await process.WaitForPortAsync(port, TimeSpan.FromSeconds(120));
        return process;
    }
}
