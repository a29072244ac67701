using System.Globalization;
using Cocoa.Sdk.Configuration;

namespace Cocoa.Samples.NotificationServer;

/// <summary>How keys are ordered inside an export file.</summary>
internal enum KeyOrderSetting
{
    /// <summary>CSPRNG shuffle (COCOA).</summary>
    Shuffle,

    /// <summary>Sorted by key bytes (Google's server).</summary>
    Sort,
}

/// <summary>Every setting of the notification server; bound from the command line (<c>--data-dir</c> …) or the environment.</summary>
internal sealed class NotificationServerOptions
{
    public required string DataDirectory { get; init; }

    public required Uri HealthCenterUrl { get; init; }

    public required string VerificationKey { get; init; }

    public string? OperatorToken { get; init; }

    public string? PostgresConnectionString { get; init; }

    public IReadOnlyList<string> Regions { get; init; } = ["440"];

    /// <summary>Base URL written into list.json (the CDN); when null, the blob endpoint for stored lists and the request's
    /// own base URL for lists the server renders.</summary>
    public Uri? PublicUrl { get; init; }

    /// <summary>Azure Storage connection string: exports go to Blob Storage instead of the data directory.</summary>
    public string? BlobConnectionString { get; init; }

    /// <summary>The blob container (and first URL path segment) of the exports; COCOA's <c>c19r</c> by default.</summary>
    public string BlobContainer { get; init; } = ExportStorage.ExportLayout.DefaultContainer;

    /// <summary>How long caches may serve list.json, index.txt and public.pem before revalidating.</summary>
    public TimeSpan ListMaxAge { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan EmbargoMargin { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Length of one export time window; must divide 24 hours.</summary>
    public TimeSpan ExportWindow { get; init; } = TimeSpan.FromHours(1);

    public TimeSpan PublishInterval { get; init; } = TimeSpan.FromMinutes(5);

    public int MinKeysPerFile { get; init; } = 1000;

    public int PaddingJitter { get; init; } = 100;

    public int MaxKeysPerFile { get; init; } = 250_000;

    public KeyOrderSetting KeyOrder { get; init; } = KeyOrderSetting.Shuffle;

    public string? SigningKeyPath { get; init; }

    public string SigningKeyId { get; init; } = "440";

    public string SigningKeyVersion { get; init; } = "v1";

    public int MaxBodyBytes { get; init; } = 64_000;

    public int MaxKeysPerSubmission { get; init; } = 30;

    public int MaxFailedVerifications { get; init; } = 10;

    public TimeSpan FailedVerificationWindow { get; init; } = TimeSpan.FromDays(1);

    public TimeSpan ChaffMaxLatency { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan HealthCenterTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public int RetentionDays { get; init; } = 14;

    /// <summary>Load balancers / proxies whose <c>X-Forwarded-For</c> is believed (the client address the limits key on).</summary>
    public IReadOnlyList<System.Net.IPNetwork> TrustedProxies { get; init; } = [];

    /// <summary>COCOA's infectious window with symptoms: keys from this many days before the onset (InfectiousFilterDaysSinceOnsetOfSymptomsFrom).</summary>
    public int MinDaysSinceOnset { get; init; } = -3;

    /// <summary>… to this many days after it (InfectiousFilterDaysSinceOnsetOfSymptomsTo).</summary>
    public int MaxDaysSinceOnset { get; init; } = 10;

    /// <summary>COCOA's infectious window without symptoms, around the test date (InfectiousFilterDaysSinceTestFrom).</summary>
    public int MinDaysSinceTest { get; init; } = -3;

    /// <summary>… (InfectiousFilterDaysSinceTestTo).</summary>
    public int MaxDaysSinceTest { get; init; } = 7;

    public bool PublisherEnabled { get; init; } = true;

    public string SqlitePath => Path.Combine(DataDirectory, "notification-server.db");

    public string PublicKeyPath => Path.Combine(DataDirectory, "export-public.pem");

    /// <summary>The data-directory export store's root (when no blob store is configured).</summary>
    public string LocalExportDirectory => Path.Combine(DataDirectory, "exports", BlobContainer);

    public string EffectiveSigningKeyPath => SigningKeyPath ?? Path.Combine(DataDirectory, "export-signing-key.pem");

    /// <summary>Every command-line switch of the server (one place: <see cref="FromConfiguration"/> reads exactly these).</summary>
    public static readonly IReadOnlyList<string> Switches =
    [
        "--data-dir", "--health-center", "--verification-key", "--operator-token", "--postgres", "--regions", "--public-url",
        "--embargo-margin", "--export-window", "--publish-interval", "--min-keys-per-file", "--padding-jitter", "--max-keys-per-file",
        "--key-order", "--signing-key", "--signing-key-id", "--signing-key-version", "--max-body-bytes", "--max-keys-per-submission",
        "--max-failed-verifications", "--failed-verification-window", "--chaff-max-latency", "--health-center-timeout",
        "--retention-days", "--publisher", "--min-days-since-onset", "--max-days-since-onset", "--min-days-since-test", "--max-days-since-test",
        "--blob-connection-string", "--blob-container", "--list-max-age", "--trusted-proxies",
    ];

    /// <summary>Stops at start-up on an unknown or misspelt switch (one line naming it).</summary>
    /// <exception cref="OptionsException">A switch is not known.</exception>
    public static void CheckSwitches(string[] args)
    {
        if (!CommandLineSwitches.TryValidate(args, [.. Switches, .. CommandLineSwitches.HostSwitches], out string? problem))
        {
            throw new OptionsException(problem!);
        }
    }

    /// <summary>Reads the options from configuration keys named like the command-line switches.</summary>
    public static NotificationServerOptions FromConfiguration(IConfiguration configuration)
    {
        string Required(string key) =>
            configuration[key] is { Length: > 0 } value ? value : throw new OptionsException($"--{key} is required.");

        var defaults = new NotificationServerOptions { DataDirectory = ".", HealthCenterUrl = new Uri("http://127.0.0.1/"), VerificationKey = "-" };
        var options = new NotificationServerOptions
        {
            DataDirectory = Path.GetFullPath(Required("data-dir")),
            HealthCenterUrl = ParseUrl("health-center", Required("health-center")),
            VerificationKey = Required("verification-key"),
            OperatorToken = NullIfEmpty(configuration["operator-token"]),
            PostgresConnectionString = NullIfEmpty(configuration["postgres"]),
            Regions = configuration["regions"] is { Length: > 0 } regions
                ? regions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : defaults.Regions,
            PublicUrl = configuration["public-url"] is { Length: > 0 } publicUrl ? ParseUrl("public-url", publicUrl) : null,
            BlobConnectionString = NullIfEmpty(configuration["blob-connection-string"]),
            BlobContainer = configuration["blob-container"] is { Length: > 0 } container ? container : defaults.BlobContainer,
            ListMaxAge = Duration(configuration, "list-max-age", defaults.ListMaxAge),
            EmbargoMargin = Duration(configuration, "embargo-margin", defaults.EmbargoMargin),
            ExportWindow = Duration(configuration, "export-window", defaults.ExportWindow),
            PublishInterval = Duration(configuration, "publish-interval", defaults.PublishInterval),
            MinKeysPerFile = Integer(configuration, "min-keys-per-file", defaults.MinKeysPerFile, 0, 10_000_000),
            PaddingJitter = Integer(configuration, "padding-jitter", defaults.PaddingJitter, 0, 1_000_000),
            MaxKeysPerFile = Integer(configuration, "max-keys-per-file", defaults.MaxKeysPerFile, 1, 10_000_000),
            KeyOrder = configuration["key-order"] switch
            {
                null or "" or "shuffle" => KeyOrderSetting.Shuffle,
                "sort" => KeyOrderSetting.Sort,
                _ => throw new OptionsException("--key-order must be shuffle or sort."),
            },
            SigningKeyPath = NullIfEmpty(configuration["signing-key"]),
            SigningKeyId = configuration["signing-key-id"] is { Length: > 0 } id ? id : defaults.SigningKeyId,
            SigningKeyVersion = configuration["signing-key-version"] is { Length: > 0 } version ? version : defaults.SigningKeyVersion,
            MaxBodyBytes = Integer(configuration, "max-body-bytes", defaults.MaxBodyBytes, 1024, 10_000_000),
            MaxKeysPerSubmission = Integer(configuration, "max-keys-per-submission", defaults.MaxKeysPerSubmission, 1, 1000),
            MaxFailedVerifications = Integer(configuration, "max-failed-verifications", defaults.MaxFailedVerifications, 1, 1_000_000),
            FailedVerificationWindow = Duration(configuration, "failed-verification-window", defaults.FailedVerificationWindow),
            ChaffMaxLatency = Duration(configuration, "chaff-max-latency", defaults.ChaffMaxLatency),
            HealthCenterTimeout = Duration(configuration, "health-center-timeout", defaults.HealthCenterTimeout),
            RetentionDays = Integer(configuration, "retention-days", defaults.RetentionDays, 1, 365),
            TrustedProxies = configuration["trusted-proxies"] is { Length: > 0 } proxies ? ParseNetworks(proxies) : [],
            MinDaysSinceOnset = Integer(configuration, "min-days-since-onset", defaults.MinDaysSinceOnset, -14, 14),
            MaxDaysSinceOnset = Integer(configuration, "max-days-since-onset", defaults.MaxDaysSinceOnset, -14, 14),
            MinDaysSinceTest = Integer(configuration, "min-days-since-test", defaults.MinDaysSinceTest, -14, 14),
            MaxDaysSinceTest = Integer(configuration, "max-days-since-test", defaults.MaxDaysSinceTest, -14, 14),
            PublisherEnabled = configuration["publisher"] is not ("off" or "false"),
        };

        foreach (string region in options.Regions)
        {
            if (region.Length is 0 or > 16 || !region.All(char.IsAsciiLetterOrDigit))
            {
                throw new OptionsException("--regions must be a comma-separated list of short alphanumeric region codes (e.g. 440).");
            }
        }

        if (!ExportStorage.ExportLayout.IsValidContainer(options.BlobContainer))
        {
            throw new OptionsException($"--blob-container: expected 3-63 lowercase letters, digits and single inner hyphens (e.g. c19r), got \"{options.BlobContainer}\".");
        }

        if (options.ListMaxAge < TimeSpan.Zero || options.ListMaxAge > TimeSpan.FromDays(1))
        {
            throw new OptionsException("--list-max-age must be between 0s and 1d (e.g. 60s).");
        }

        if (options.ExportWindow < TimeSpan.FromMinutes(1) || TimeSpan.FromDays(1).Ticks % options.ExportWindow.Ticks != 0)
        {
            throw new OptionsException("--export-window must be at least 1 minute and divide 24 hours (e.g. 15m, 1h, 4h).");
        }

        if (options.MinDaysSinceOnset > options.MaxDaysSinceOnset || options.MinDaysSinceTest > options.MaxDaysSinceTest)
        {
            throw new OptionsException("--min-days-since-onset/--min-days-since-test must not exceed the matching --max-… option.");
        }

        if (options.MinKeysPerFile > options.MaxKeysPerFile)
        {
            throw new OptionsException("--min-keys-per-file must not exceed --max-keys-per-file.");
        }

        if (!IsIdentifier(options.SigningKeyId) || !IsIdentifier(options.SigningKeyVersion))
        {
            throw new OptionsException("--signing-key-id and --signing-key-version must match [a-zA-Z0-9_]+.");
        }

        return options;
    }

    private static System.Net.IPNetwork[] ParseNetworks(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(part =>
            System.Net.IPNetwork.TryParse(part, out System.Net.IPNetwork network) ? network
            : System.Net.IPAddress.TryParse(part, out System.Net.IPAddress? address) ? new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)
            : throw new OptionsException($"--trusted-proxies: expected comma-separated addresses or CIDR networks (e.g. 10.0.0.0/8,127.0.0.1), got \"{part}\"."))];

    private static bool IsIdentifier(string text) => text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static Uri ParseUrl(string key, string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new OptionsException($"--{key} must be an absolute http(s) URL.");

    private static TimeSpan Duration(IConfiguration configuration, string key, TimeSpan fallback)
    {
        string? text = configuration[key];
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        return DurationText.TryParse(text, out TimeSpan value) ? value : throw new OptionsException($"--{key}: expected {DurationText.Expected}, got \"{text}\".");
    }

    private static int Integer(IConfiguration configuration, string key, int fallback, int min, int max)
    {
        string? text = configuration[key];
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : throw new OptionsException($"--{key} must be an integer between {min} and {max}.");
    }
}

/// <summary>A missing or malformed server option.</summary>
internal sealed class OptionsException(string message) : Exception(message);
