using Cocoa.Samples.App;
using Cocoa.Sdk.Http;
using Cocoa.Sdk.Runtime;
using Cocoa.Sdk.Simulation;

namespace Cocoa.Demo;

/// <summary>One simulated phone running the app sample on the SDK runtime, talking to the demo's servers over HTTP.</summary>
internal sealed class DemoPhone : IAsyncDisposable
{
    private DemoPhone(string person, SimulatedDevice device, Position home, CocoaApp app, string radio)
    {
        Radio = radio;
        Person = person;
        Device = device;
        Home = home;
        App = app;
    }

    public string Person { get; }

    public SimulatedDevice Device { get; }

    public Position Home { get; }

    public string Radio { get; }

    public CocoaApp App { get; }

    public static async Task<DemoPhone> StartAsync(
        string person, SimulatedAir air, Random random, TimeProvider clock, DemoServers servers, CancellationToken cancellationToken)
    {
        // Homes are a kilometre apart: nobody hears anybody outside the scenario's gatherings.
        var home = new Position(air.Devices.Count * 1_000, 0);
        bool pixel = random.Next(2) == 0;
        RadioProfile model = pixel ? RadioProfile.Pixel4 : RadioProfile.FleetAverage;
        var radio = model with { TransmitErrorDb = Math.Round((random.NextDouble() * 4) - 2, 1), ReceiveErrorDb = Math.Round((random.NextDouble() * 4) - 2, 1) };
        SimulatedDevice device = air.AddDevice(person, radio, home);
        string dataDirectory = Path.Combine(servers.DataDirectory, "phones", person);
        Directory.CreateDirectory(dataDirectory);
        var notices = new ExposureNoticeBoard();
        ExposureNotificationClient runtime = device.CreateClient(
            options =>
            {
                options.DatabasePath = Path.Combine(dataDirectory, "exposure-notification.db");
                options.DurableWrites = false; // a simulation: no need to fsync every scan
                options.TrustedExportKeys = servers.ExportKeys;
            },
            new ExportDownloadClient(servers.Http, new ExportDownloadClientOptions { BaseAddress = servers.NotificationServerUrl }),
            handlers: [notices]);

        // Retries after a server error wait on the wall clock, so a failure cannot stall the simulated one.
        var submission = new DiagnosisSubmissionClient(
            servers.Http, new DiagnosisSubmissionClientOptions { BaseAddress = servers.NotificationServerUrl }, TimeProvider.System);
        var app = new CocoaApp(runtime, submission, notices, clock);
        await app.AgreeAsync(cancellationToken);
        string description = string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"{(pixel ? "Pixel 4" : "fleet avg")} {radio.TransmitErrorDb:+0.0;-0.0;0.0}/{radio.ReceiveErrorDb:+0.0;-0.0;0.0}");
        return new DemoPhone(person, device, home, app, description);
    }

    public ValueTask DisposeAsync() => App.Runtime.DisposeAsync();
}
