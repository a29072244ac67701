using Cocoa.Samples.HealthCenter;

if (args is ["--help"] or ["-h"] or ["-?"])
{
    Console.WriteLine("usage: Cocoa.Samples.HealthCenter --data-dir <dir> --operator-token <16+ chars> --verification-key <16+ chars> [--urls http://127.0.0.1:5080] [options]");
    Console.WriteLine("options (each also the configuration key shown): ");
    foreach ((string option, string key) in HealthCenterApp.Switches)
    {
        Console.WriteLine($"  {option,-30} {key}");
    }

    Console.WriteLine("Durations accept 90s, 60m, 2h or 01:00:00. Every option is described in docs/health-center.md.");
    return 0;
}

WebApplication app;
try
{
    app = HealthCenterApp.Build(args);
}
catch (InvalidOperationException ex)
{
    Console.Error.WriteLine("healthcenter: " + ex.Message);
    return 2;
}

await app.RunAsync();
return 0;
