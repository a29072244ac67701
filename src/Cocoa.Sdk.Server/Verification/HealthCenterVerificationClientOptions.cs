namespace Cocoa.Sdk.Verification;

/// <summary>Where and how <see cref="HealthCenterVerificationClient"/> reaches the health-center system.</summary>
public sealed class HealthCenterVerificationClientOptions
{
    /// <summary>Gets or sets the base address of the health-center system, e.g. <c>http://127.0.0.1:5080/</c>;
    /// the client posts to <see cref="HealthCenterVerificationProtocol.Path"/> below it.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>Gets or sets the API key sent in <c>X-Api-Key</c>.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Gets or sets how long to wait for an answer before reporting <see cref="HealthCenterVerificationOutcome.Unreachable"/>.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
