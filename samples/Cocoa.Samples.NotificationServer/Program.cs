using Cocoa.Samples.NotificationServer;

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
