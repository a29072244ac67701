using Cocoa.Samples.NotificationServer;

if (args is ["--help"] or ["-h"] or ["-?"])
{
    Console.WriteLine("""
        usage: Cocoa.Samples.NotificationServer --data-dir <dir> --health-center <url> --verification-key <key> --operator-token <token>
                 [--urls http://127.0.0.1:5000] [--postgres <connection string>] [--regions 440] [--public-url <url>]
                 [--embargo-margin 2h] [--export-window 1h] [--publish-interval 5m] [--publisher on|off] [--signing-key <pem>] …
        Durations accept 90s, 60m, 2h or 01:00:00. Every option is described in docs/notification-server.md.
        """);
    return 0;
}

try
{
    WebApplication app = NotificationServerApp.Create(args);
    await app.RunAsync();
    return 0;
}
catch (OptionsException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
