namespace Cocoa.Sdk.Http;

/// <summary>Settings of <see cref="DiagnosisSubmissionClient"/>.</summary>
public sealed class DiagnosisSubmissionClientOptions
{
    /// <summary>Gets or sets the notification server's base address (e.g. <c>https://example.org/</c>); the client sends
    /// <c>PUT api/v3/diagnosis</c> below it. <see langword="null"/> uses the <see cref="HttpClient.BaseAddress"/>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>Gets or sets the regions the keys are published in (COCOA: <c>440</c>).</summary>
    public IReadOnlyList<string> Regions { get; set; } = ["440"];

    /// <summary>Gets or sets the platform name sent as <c>platform</c> (<c>android</c> or <c>ios</c>).</summary>
    public string Platform { get; set; } = "android";

    /// <summary>Gets or sets the app package name sent as <c>appPackageName</c>.</summary>
    public string AppPackageName { get; set; } = "jp.go.mhlw.covid19radar";

    /// <summary>Gets or sets the device attestation sent as <c>deviceVerificationPayload</c> (SafetyNet/DeviceCheck), if any.</summary>
    public string? DeviceVerificationPayload { get; set; }

    /// <summary>Gets or sets how many requests are sent at most (first try included) on 5xx answers and timeouts (default 4).</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Gets or sets the delay before the first retry; it doubles for each further retry, with random jitter (default 2 s).</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets how long one request may take before it counts as a timeout (default 30 s).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets the minimum request body size in bytes reached with random padding (default 8192). It exceeds the
    /// size of a request with 30 keys, so the size does not reveal how many keys were sent; a random 0–1023 bytes are added.
    /// </summary>
    public int PaddedBodySize { get; set; } = 8192;

    /// <summary>Gets or sets the mean delay between decoy (chaff) requests of <see cref="DiagnosisSubmissionClient.RunChaffAsync"/> (default 1 day).</summary>
    public TimeSpan ChaffMeanInterval { get; set; } = TimeSpan.FromDays(1);
}
