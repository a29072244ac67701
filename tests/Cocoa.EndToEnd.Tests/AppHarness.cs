using Cocoa.Demo;
using Cocoa.Samples.App;
using Cocoa.Sdk.Http;
using Cocoa.Sdk.Runtime;
using Cocoa.Sdk.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace Cocoa.EndToEnd.Tests;

/// <summary>Both sample servers on 127.0.0.1 and one phone running <see cref="CocoaApp"/>, on one fake clock.</summary>
internal sealed class AppHarness : IAsyncDisposable
{
    private readonly List<ExposureNotificationClient> _runtimes = [];

    private AppHarness(FakeTimeProvider clock, DemoServers servers)
    {
        Clock = clock;
        Servers = servers;
        Air = new SimulatedAir(clock, seed: 7);
    }

    public FakeTimeProvider Clock { get; }

    public DemoServers Servers { get; }

    public SimulatedAir Air { get; }

    public static async Task<AppHarness> StartAsync()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 3, 0, 0, TimeSpan.Zero));
        return new AppHarness(clock, await DemoServers.StartAsync(clock, CancellationToken.None));
    }

    /// <summary>A phone with the app; <paramref name="notificationServer"/> overrides where it registers.</summary>
    public (CocoaApp App, SimulatedDevice Device, string DatabasePath) Phone(string name, Uri? notificationServer = null)
    {
        SimulatedDevice device = Air.AddDevice(name, RadioProfile.Pixel4, new Position(Air.Devices.Count * 1000, 0));
        string database = Path.Combine(Servers.DataDirectory, "phones", name, "exposure-notification.db");
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        Uri server = notificationServer ?? Servers.NotificationServerUrl;
        var notices = new ExposureNoticeBoard();
        ExposureNotificationClient runtime = device.CreateClient(
            o =>
            {
                o.DatabasePath = database;
                o.DurableWrites = false;
                o.TrustedExportKeys = Servers.ExportKeys;
            },
            new ExportDownloadClient(Servers.Http, new ExportDownloadClientOptions { BaseAddress = server, MaxAttempts = 2, RetryDelay = TimeSpan.Zero }),
            handlers: [notices]);
        _runtimes.Add(runtime);
        var submission = new DiagnosisSubmissionClient(
            Servers.Http,
            new DiagnosisSubmissionClientOptions { BaseAddress = server, MaxAttempts = 2, InitialRetryDelay = TimeSpan.FromMilliseconds(50) },
            TimeProvider.System);
        return (new CocoaApp(runtime, submission, notices, Clock), device, database);
    }

    public void Advance(TimeSpan span)
    {
        DateTimeOffset end = Clock.GetUtcNow() + span;
        while (Clock.GetUtcNow() < end)
        {
            Clock.Advance(end - Clock.GetUtcNow() < TimeSpan.FromSeconds(10) ? end - Clock.GetUtcNow() : TimeSpan.FromSeconds(10));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (ExposureNotificationClient runtime in _runtimes)
        {
            await runtime.DisposeAsync();
        }

        await Servers.DisposeAsync();
    }
}
