using Cocoa.Samples.HealthCenter.Api;
using Cocoa.Samples.HealthCenter.Messaging;
using Cocoa.Samples.HealthCenter.Numbers;
using Cocoa.Samples.HealthCenter.Storage;
using Cocoa.Samples.HealthCenter.Web;
using Cocoa.Sdk.Configuration;
using Cocoa.Sdk.Verification;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Cocoa.Samples.HealthCenter;

/// <summary>Builds the health-center web application (used by Program.cs and by the tests in-process).</summary>
public static class HealthCenterApp
{
    /// <summary>Command-line switches and the configuration keys they set.</summary>
    public static readonly IReadOnlyDictionary<string, string> Switches = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--data-dir"] = "HealthCenter:DataDirectory",
        ["--operator-token"] = "HealthCenter:OperatorToken",
        ["--verification-key"] = "HealthCenter:VerificationKey",
        ["--postgres"] = "HealthCenter:PostgresConnectionString",
        ["--number-hash-key"] = "HealthCenter:NumberHashKey",
        ["--link-host"] = "HealthCenter:LinkHost",
        ["--validity"] = "HealthCenter:Validity",
        ["--max-reissues"] = "HealthCenter:MaxAutomaticReissues",
        ["--reminder-at"] = "HealthCenter:ReminderAt",
        ["--worker-interval"] = "HealthCenter:WorkerInterval",
        ["--send-grace"] = "HealthCenter:SendGracePeriod",
        ["--verification-failure-limit"] = "HealthCenter:VerificationFailureLimit",
        ["--verification-failure-window"] = "HealthCenter:VerificationFailureWindow",
        ["--number-failure-limit"] = "HealthCenter:NumberFailureLimit",
        ["--signin-failure-limit"] = "HealthCenter:SignInFailureLimit",
        ["--signin-failure-window"] = "HealthCenter:SignInFailureWindow",
    };

    /// <summary>Builds the application. <paramref name="configure"/> runs after the default registrations, so it can
    /// replace services (e.g. <see cref="TimeProvider"/>, <see cref="IMessageSender"/>) or add logging providers.</summary>
    /// <exception cref="InvalidOperationException">The options are invalid (message says which).</exception>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        if (!CommandLineSwitches.TryValidate(args, [.. Switches.Keys, .. CommandLineSwitches.HostSwitches], out string? unknown))
        {
            throw new InvalidOperationException(unknown);
        }

        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        builder.Configuration.AddCommandLine(args, Switches.ToDictionary(p => p.Key, p => p.Value));
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        NormalizeDurations(builder.Configuration);
        var knownKeys = new HashSet<string>(Switches.Values.Select(v => v[(HealthCenterOptions.Section.Length + 1)..]), StringComparer.OrdinalIgnoreCase);
        foreach (IConfigurationSection child in builder.Configuration.GetSection(HealthCenterOptions.Section).GetChildren())
        {
            if (!knownKeys.Contains(child.Key))
            {
                throw new InvalidOperationException($"{HealthCenterOptions.Section}:{child.Key}: unknown configuration key");
            }
        }

        HealthCenterOptions options = builder.Configuration.GetSection(HealthCenterOptions.Section).Get<HealthCenterOptions>() ?? new();
        if (options.Validate() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        string dataDir = Path.GetFullPath(options.DataDirectory);
        options.DataDirectory = dataDir;
        Directory.CreateDirectory(dataDir);
        builder.Services.AddSingleton<IOptions<HealthCenterOptions>>(Options.Create(options));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        byte[] numberHashKey = LoadHashKey(options, dataDir);
        builder.Services.AddSingleton(new ProcessingNumberHasher(numberHashKey));
        builder.Services.AddSingleton<IHealthCenterStore>(_ => string.IsNullOrWhiteSpace(options.PostgresConnectionString)
            ? new SqliteHealthCenterStore(Path.Combine(dataDir, "healthcenter.db"))
            : new PostgresHealthCenterStore(options.PostgresConnectionString));
        builder.Services.AddSingleton<IMessageSender>(_ => new OutboxMessageSender(Path.Combine(dataDir, "outbox")));
        builder.Services.AddSingleton<MessageComposer>();
        builder.Services.AddSingleton<ProcessingNumberService>();
        builder.Services.AddSingleton<IVerificationFailureCounter>(sp => new HashedBucketFailureCounter(
            sp.GetRequiredService<IHealthCenterStore>().CreateFailureCounter(sp.GetRequiredService<TimeProvider>()),
            numberHashKey));
        builder.Services.AddSingleton<VerificationRateLimiter>();
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddHostedService<StoreInitializer>();
        builder.Services.AddHostedService<ProcessingNumberWorker>();

        builder.Services.AddDataProtection()
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDir, "keys")))
            .SetApplicationName("Cocoa.Samples.HealthCenter");
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.LoginPath = "/login";
            o.Cookie.Name = "hc-operator";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "hc-csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.FormFieldName = "__csrf";
        });
        builder.Services.AddProblemDetails();

        configure?.Invoke(builder);

        WebApplication app = builder.Build();
        app.UseStatusCodePages();
        app.UseAuthentication();
        OperatorPages.Map(app);
        OperatorApi.Map(app);
        VerificationEndpoint.Map(app);
        return app;
    }

    /// <summary>
    /// Reads every duration option with the library's one parser (<see cref="DurationText"/>: 90s, 60m, 2h, 01:00:00, …,
    /// as the notification server does) and hands the binder its canonical form; a bad value names its switch.
    /// </summary>
    private static void NormalizeDurations(ConfigurationManager configuration)
    {
        foreach (System.Reflection.PropertyInfo property in typeof(HealthCenterOptions).GetProperties().Where(p => p.PropertyType == typeof(TimeSpan)))
        {
            string key = $"{HealthCenterOptions.Section}:{property.Name}";
            if (configuration[key] is not { Length: > 0 } text)
            {
                continue;
            }

            if (!DurationText.TryParse(text, out TimeSpan value))
            {
                string name = Switches.FirstOrDefault(s => s.Value == key).Key ?? key;
                throw new InvalidOperationException($"{name}: expected {DurationText.Expected}, got \"{text}\".");
            }

            configuration[key] = value.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static byte[] LoadHashKey(HealthCenterOptions options, string dataDir)
    {
        if (!string.IsNullOrWhiteSpace(options.NumberHashKey))
        {
            byte[] key;
            try
            {
                key = Convert.FromBase64String(options.NumberHashKey);
            }
            catch (FormatException)
            {
                throw new InvalidOperationException("--number-hash-key must be base64.");
            }

            return key.Length >= ProcessingNumberHasher.MinimumKeySize
                ? key
                : throw new InvalidOperationException($"--number-hash-key must decode to at least {ProcessingNumberHasher.MinimumKeySize} bytes.");
        }

        string path = Path.Combine(dataDir, "number-hash.key");
        if (!File.Exists(path))
        {
            byte[] fresh = ProcessingNumberHasher.GenerateKey();
            string temp = path + ".tmp";
            var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temp, fileOptions))
            {
                stream.Write(fresh);
                stream.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temp);
            }
        }

        byte[] stored = File.ReadAllBytes(path);
        return stored.Length >= ProcessingNumberHasher.MinimumKeySize
            ? stored
            : throw new InvalidOperationException($"{path} is too short; restore it from backup (numbers issued with another key cannot be verified).");
    }

    /// <summary>Creates or migrates the schema before the server accepts requests.</summary>
    private sealed class StoreInitializer(IHealthCenterStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
