using Cocoa.Samples.App;
using Cocoa.Sdk.Runtime;
using Microsoft.Extensions.DependencyInjection;

// A headless COCOA app: the logic of the phone app, driven by typed commands, against a real notification server.
// A PC has no Exposure Notification Bluetooth: the radio reports itself unsupported, so nothing is advertised or recorded.
Dictionary<string, string> options = [];
for (int i = 0; i + 1 < args.Length; i += 2)
{
    options[args[i]] = args[i + 1];
}

bool help = args is ["--help"] or ["-h"] or ["-?"];
if (help || !options.TryGetValue("--notification-server", out string? server) || !options.TryGetValue("--export-key", out string? keyPath)
    || !Uri.TryCreate(server, UriKind.Absolute, out Uri? serverUri) || !File.Exists(keyPath))
{
    (help ? Console.Out : Console.Error).WriteLine(
        "usage: Cocoa.Samples.App --notification-server <url> --export-key <export-public.pem> [--data-dir <dir> (default ~/.local/share/cocoa-app-sample)]\n"
        + "then type commands: consent | agree | decline | home | register <8 digits> <onset yyyy-MM-dd> | link <https://…/cocoa/a/?pn=…> | check | withdraw | quit");
    return help ? 0 : 2;
}

// By default the phone's data lives in the user's data folder (~/.local/share on Linux), never in the working directory.
string dataDir = Path.GetFullPath(options.GetValueOrDefault("--data-dir")
    ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "cocoa-app-sample"));
Directory.CreateDirectory(dataDir);
Console.Error.WriteLine($"data: {dataDir}");

var radio = new DesktopRadio();
var services = new ServiceCollection();
services.AddSingleton<IBleAdvertiser>(radio);
services.AddSingleton<IBleScanner>(radio);
services.AddCocoaApp(new CocoaAppSettings { NotificationServer = serverUri, ExportPublicKeyPem = File.ReadAllText(keyPath), DataDirectory = dataDir });
await using ServiceProvider provider = services.BuildServiceProvider();
CocoaApp app = provider.GetRequiredService<CocoaApp>();
app.NoticeShown += (_, notice) => Console.WriteLine("\n🔔 " + notice.Render() + "\n");

using var stop = new CancellationTokenSource();
Task periodic = app.RunPeriodicChecksAsync(CocoaApp.DefaultCheckInterval, stop.Token);
Console.WriteLine((await app.GetHomeAsync()).Status.HasConsent ? (await app.GetHomeAsync()).Render() : ConsentScreen.Render());
while (Console.ReadLine() is { } line)
{
    string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    if (words.Length == 0)
    {
        continue;
    }

    try
    {
        switch (words[0])
        {
            case "consent":
                Console.WriteLine(ConsentScreen.Render());
                break;
            case "agree":
                Console.WriteLine((await app.AgreeAsync()).Render());
                break;
            case "decline":
                Console.WriteLine(ConsentScreen.Declined);
                break;
            case "home":
                Console.WriteLine((await app.GetHomeAsync()).Render());
                break;
            case "link" when words.Length == 2:
                Console.WriteLine(RegistrationScreen.FromLink(words[1]) is { } screen ? screen.Render() : (await app.GetHomeAsync()).Render());
                break;
            case "register" when words.Length is 2 or 3:
                Console.WriteLine(RegistrationScreen.Explanation);
                DateOnly onset = words.Length == 3 && DateOnly.TryParse(words[2], System.Globalization.CultureInfo.InvariantCulture, out DateOnly d)
                    ? d
                    : DateOnly.FromDateTime(DateTime.UtcNow);
                Console.WriteLine((await app.RegisterPositiveAsync(words[1], onset, hasSymptom: words.Length == 3)).Render());
                break;
            case "check":
                Console.WriteLine((await app.CheckExposureAsync()).Message);
                break;
            case "withdraw":
                Console.WriteLine((await app.WithdrawAsync()).Render());
                break;
            case "quit" or "exit":
                stop.Cancel();
                await periodic;
                return 0;
            default:
                Console.WriteLine("commands: consent | agree | decline | home | register <number> [onset yyyy-MM-dd] | link <url> | check | withdraw | quit");
                break;
        }
    }
    catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or IOException or ConsentRequiredException)
    {
        Console.WriteLine("エラー / Error: " + ex.Message);
    }
}

stop.Cancel();
await periodic;
return 0;
