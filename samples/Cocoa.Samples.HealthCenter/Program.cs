using Cocoa.Samples.HealthCenter;

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
