namespace Cocoa.Samples.HealthCenter;

/// <summary>Settings of the health-center service (configuration section <c>HealthCenter</c>).</summary>
public sealed class HealthCenterOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "HealthCenter";

    /// <summary>Folder for the SQLite database, the number-hash secret, data-protection keys and the outbox.</summary>
    public string DataDirectory { get; set; } = "healthcenter-data";

    /// <summary>Token staff use to sign in to the web page and as bearer token on the operator API (at least 16 characters).</summary>
    public string OperatorToken { get; set; } = "";

    /// <summary>API key the notification server sends in <c>X-Api-Key</c> (at least 16 characters).</summary>
    public string VerificationKey { get; set; } = "";

    /// <summary>PostgreSQL connection string; when empty, SQLite in the data directory is used.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Base64 of the processing-number HMAC secret; when empty, <c>number-hash.key</c> in the data directory (created on first start).</summary>
    public string? NumberHashKey { get; set; }

    /// <summary>Host of the registration deep link <c>https://&lt;host&gt;/cocoa/a/?pn=…</c>.</summary>
    public string LinkHost { get; set; } = "www.mhlw.go.jp";

    /// <summary>How long a processing number stays valid.</summary>
    public TimeSpan Validity { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many times an expired, unused number is reissued automatically.</summary>
    public int MaxAutomaticReissues { get; set; } = 4;

    /// <summary>When, as a fraction of the last number's validity, the reminder is sent (0 = at reissue, 0.5 = halfway).</summary>
    public double ReminderAt { get; set; } = 0.5;

    /// <summary>How often the background worker looks for due reissues and reminders; zero disables the worker.</summary>
    public TimeSpan WorkerInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a message may stay unsent before the worker takes it over (crash recovery).</summary>
    public TimeSpan SendGracePeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Failed verifications (NG or malformed) allowed per end client (the forwarded client id, else the caller's
    /// address) within <see cref="VerificationFailureWindow"/> before 429. See docs/health-center.md for the arithmetic.</summary>
    public int VerificationFailureLimit { get; set; } = 10;

    /// <summary>Failed verifications allowed per processing number (whoever sends it) within the window before 429.</summary>
    public int NumberFailureLimit { get; set; } = 5;

    /// <summary>Sliding window for <see cref="VerificationFailureLimit"/> and <see cref="NumberFailureLimit"/>.</summary>
    public TimeSpan VerificationFailureWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Refused operator sign-ins (wrong token on <c>/login</c> or the operator API) allowed per client address
    /// within <see cref="SignInFailureWindow"/>; further attempts get 429 and are neither checked nor audited.</summary>
    public int SignInFailureLimit { get; set; } = 5;

    /// <summary>Sliding window for <see cref="SignInFailureLimit"/>.</summary>
    public TimeSpan SignInFailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Offset used to show times on the page and in messages (Japan Standard Time).</summary>
    public TimeSpan DisplayOffset { get; set; } = TimeSpan.FromHours(9);

    /// <summary>Checks the settings; returns an error message or <see langword="null"/>.</summary>
    public string? Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            return "--data-dir is required.";
        }

        if (OperatorToken.Length < 16)
        {
            return "--operator-token is required (at least 16 characters).";
        }

        if (VerificationKey.Length < 16)
        {
            return "--verification-key is required (at least 16 characters).";
        }

        if (string.Equals(OperatorToken, VerificationKey, StringComparison.Ordinal))
        {
            return "--operator-token and --verification-key must differ.";
        }

        if (Validity <= TimeSpan.Zero)
        {
            return "--validity must be positive.";
        }

        if (MaxAutomaticReissues is < 0 or > 100)
        {
            return "--max-reissues must be between 0 and 100.";
        }

        if (ReminderAt is < 0 or >= 1 || double.IsNaN(ReminderAt))
        {
            return "--reminder-at must be in [0, 1).";
        }

        if (WorkerInterval < TimeSpan.Zero || SendGracePeriod < TimeSpan.Zero)
        {
            return "--worker-interval and --send-grace must not be negative.";
        }

        if (VerificationFailureLimit < 1 || NumberFailureLimit < 1 || VerificationFailureWindow <= TimeSpan.Zero)
        {
            return "--verification-failure-limit and --number-failure-limit must be at least 1 and --verification-failure-window positive.";
        }

        if (SignInFailureLimit < 1 || SignInFailureWindow <= TimeSpan.Zero)
        {
            return "--signin-failure-limit must be at least 1 and --signin-failure-window positive.";
        }

        if (Uri.CheckHostName(LinkHost) is UriHostNameType.Unknown or UriHostNameType.Basic)
        {
            return "--link-host must be a host name.";
        }

        return null;
    }
}
