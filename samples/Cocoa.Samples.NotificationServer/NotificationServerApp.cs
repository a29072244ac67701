using System.Security.Cryptography;
using System.Text;
using Cocoa.Samples.NotificationServer.Distribution;
using Cocoa.Samples.NotificationServer.ExportStorage;
using Cocoa.Samples.NotificationServer.Publishing;
using Cocoa.Samples.NotificationServer.Storage;
using Cocoa.Samples.NotificationServer.Submission;
using Cocoa.Samples.NotificationServer.Verification;
using Cocoa.Sdk.Verification;
using Microsoft.AspNetCore.HttpOverrides;

namespace Cocoa.Samples.NotificationServer;

/// <summary>Builds the notification server; <c>Program</c> runs it and tests start it in-process on 127.0.0.1.</summary>
internal static class NotificationServerApp
{
    public const string AdminPublishPath = "/api/admin/publish";

    /// <summary>Creates the application from command-line arguments; <paramref name="configureServices"/> may replace services (e.g. the clock).</summary>
    public static WebApplication Create(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        NotificationServerOptions.CheckSwitches(args);
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        NotificationServerOptions options = NotificationServerOptions.FromConfiguration(builder.Configuration);
        Directory.CreateDirectory(options.DataDirectory);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = Math.Max(options.MaxBodyBytes, 1024) * 2L;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
        });

        IServiceCollection services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IKeyStore>(_ => options.PostgresConnectionString is { } postgres
            ? new PostgresKeyStore(postgres)
            : new SqliteKeyStore(options.SqlitePath));
        var layout = new ExportLayout(options.BlobContainer, options.ListMaxAge);
        services.AddSingleton(layout);
        services.AddSingleton<IExportStore>(options.BlobConnectionString is { } blob
            ? new BlobExportStore(blob, layout)
            : new LocalExportStore(options.LocalExportDirectory, layout));
        services.AddSingleton<ExportDistributor>();
        services.AddHttpClient<IProcessingNumberVerifier, HealthCenterVerifier>();
        services.AddSingleton<SubmissionValidator>();
        // Abuse counters and the client-id key live in the database, so every instance on it enforces one limit.
        services.AddSingleton<IVerificationFailureCounter>(sp => sp.GetRequiredService<IKeyStore>().CreateFailureCounter(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ClientIdKey(
            sp.GetRequiredService<IKeyStore>().GetOrCreateSecretAsync(FailedVerificationLimiter.SecretName, CancellationToken.None).GetAwaiter().GetResult()));
        services.AddSingleton<FailedVerificationLimiter>();
        services.AddSingleton<ChaffTimer>();
        services.AddSingleton<DiagnosisEndpoint>();
        services.AddSingleton(sp => SigningKey.LoadOrCreate(options, sp.GetRequiredService<ILoggerFactory>().CreateLogger("SigningKey")));
        services.AddSingleton<ExportPublisher>();
        if (options.PublisherEnabled)
        {
            services.AddHostedService<PublisherService>();
        }

        configureServices?.Invoke(services);

        WebApplication app = builder.Build();
        IKeyStore store = app.Services.GetRequiredService<IKeyStore>();
        store.InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        _ = app.Services.GetRequiredService<ClientIdKey>();
        SigningKey signingKey = app.Services.GetRequiredService<SigningKey>();
        app.Services.GetRequiredService<IExportStore>().InitializeAsync(CancellationToken.None).GetAwaiter().GetResult();
        app.Services.GetRequiredService<ExportDistributor>().PublishPublicKeyAsync(signingKey.PublicKeyPem, CancellationToken.None).GetAwaiter().GetResult();

        if (options.TrustedProxies.Count > 0)
        {
            // Behind a load balancer every request comes from its address: take the client's from X-Forwarded-For, but
            // only when the connection comes from a configured proxy (anyone else could write the header).
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor, ForwardLimit = 1 };
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            foreach (System.Net.IPNetwork network in options.TrustedProxies)
            {
                forwarded.KnownIPNetworks.Add(network);
            }

            app.UseForwardedHeaders(forwarded);
        }

        app.MapMethods("/api/v3/diagnosis", ["PUT"], (HttpContext context, DiagnosisEndpoint endpoint) => endpoint.HandleAsync(context));
        app.MapPost(AdminPublishPath, PublishNowAsync);
        ExportEndpoints.Map(app, layout);
        return app;
    }

    private static async Task<IResult> PublishNowAsync(HttpContext context, NotificationServerOptions options, ExportPublisher publisher)
    {
        if (options.OperatorToken is null)
        {
            return Results.NotFound();
        }

        string header = context.Request.Headers.Authorization.ToString();
        byte[] expected = Encoding.UTF8.GetBytes("Bearer " + options.OperatorToken);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header), expected))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Unauthorized();
        }

        PublishSummary summary = await publisher.PublishAsync(immediate: true, context.RequestAborted);
        return Results.Json(new { summary.Batches, summary.Files, summary.Keys, summary.RegionsSkipped });
    }
}
