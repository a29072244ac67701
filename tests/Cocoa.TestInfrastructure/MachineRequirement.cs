namespace Cocoa.TestInfrastructure;

/// <summary>
/// Something a suite needs from the machine (PostgreSQL, Chromium, Azurite, nginx) and that tests never install or start system-wide.
/// When it is missing, the suite's <see cref="MachineFactAttribute"/> tests are skipped with one line saying how to
/// enable them; with <c>COCOA_REQUIRE_…=1</c> (set by <c>.ci/run</c>) they run and fail with that line instead, so CI
/// cannot pass by skipping.
/// </summary>
public static class MachineRequirement
{
    /// <summary>The variable that turns a missing PostgreSQL into a failure.</summary>
    public const string RequirePostgres = "COCOA_REQUIRE_POSTGRES";

    /// <summary>The variable that turns a missing Chromium into a failure.</summary>
    public const string RequireChromium = "COCOA_REQUIRE_CHROMIUM";

    /// <summary>The variable that turns a missing Azurite into a failure.</summary>
    public const string RequireAzurite = "COCOA_REQUIRE_AZURITE";

    /// <summary>The variable that turns a missing nginx into a failure.</summary>
    public const string RequireNginx = "COCOA_REQUIRE_NGINX";

    /// <summary>
    /// Why tests needing <paramref name="dependency"/> are skipped here, or null when they run (the dependency is there, or
    /// its <c>COCOA_REQUIRE_…</c> variable is 1, so its absence fails them).
    /// </summary>
    public static string? SkipReason(MachineDependency dependency) =>
        dependency switch
        {
            MachineDependency.Postgres => IsRequired(RequirePostgres) ? null : PostgresTestDatabase.Unavailable(),
            MachineDependency.Chromium => IsRequired(RequireChromium) ? null : ChromiumBrowser.Unavailable(),
            MachineDependency.Azurite => IsRequired(RequireAzurite) ? null : PrivateAzurite.Unavailable(),
            MachineDependency.Nginx => IsRequired(RequireNginx) ? null : PrivateNginx.Unavailable(),
            _ => throw new ArgumentOutOfRangeException(nameof(dependency)),
        };

    private static bool IsRequired(string variable) => Environment.GetEnvironmentVariable(variable) == "1";
}
