using Cocoa.Sdk.Ble;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Http;
using Cocoa.Sdk.Matching;
using Cocoa.Sdk.Risk;
using Cocoa.Sdk.Runtime;
using Cocoa.Sdk.Simulation;
using Cocoa.Sdk.Verification;
using Microsoft.Extensions.Time.Testing;

namespace Cocoa.EndToEnd.Tests.DocSamples;

// The code blocks of the other guides, each in a method whose parameters stand for the values the guide assumes.
// DocSnippetTests checks that every block is quoted here (or in the app sample) verbatim, so a guide that stops
// compiling fails the build.
#pragma warning disable CS0219, CS1998, IDE0059, CA1031, CA1305, CA1849, CA2000, CA2012
internal static class LibraryDocsSamples
{
    /// <summary>docs/platform-adapters.md, the block at line 221.</summary>
    public static async Task PlatformAdaptersSimulation()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-01T00:00Z"));
        var air = new SimulatedAir(time, seed: 1);
        var alice = air.AddDevice("alice", RadioProfile.Pixel4, new Position(0, 0));
        var bob = air.AddDevice("bob", RadioProfile.FleetAverage, new Position(1, 0));
        await using var aliceClient = alice.CreateClient(o => o.DatabasePath = "alice.db");
        await aliceClient.GrantConsentAsync();
        await aliceClient.StartAsync();
        time.Advance(TimeSpan.FromSeconds(5)); // advance in small steps: each step fires the due timers
        await Task.CompletedTask;
    }

    /// <summary>docs/runtime.md, the block at line 86.</summary>
    public static async Task RuntimeSimulation(IExportFileSource exportSource)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-01T00:00Z"));
        var air = new SimulatedAir(time, seed: 1);
        air.AddWall(new Position(0.5, -50), new Position(0.5, 50), lossDb: 20);
        var alice = air.AddDevice("alice", RadioProfile.Pixel4, new Position(0, 0));
        var bob = air.AddDevice("bob", RadioProfile.FleetAverage, new Position(1000, 0));
        await using var aliceApp = alice.CreateClient(o => o.DatabasePath = "alice.db", exportSource);
        await Task.CompletedTask;
    }

    /// <summary>docs/health-center.md, the block at line 141.</summary>
    public static async Task HealthCenterVerification(HttpClient httpClient, string verificationKey, ProcessingNumber processingNumber, string clientId, CancellationToken cancellationToken)
    {
        var client = new HealthCenterVerificationClient(httpClient, new HealthCenterVerificationClientOptions
        {
            BaseAddress = new Uri("http://127.0.0.1:5080/"),
            ApiKey = verificationKey,
            Timeout = TimeSpan.FromSeconds(10),
        });
        HealthCenterVerificationResult r = await client.VerifyAsync(processingNumber, cancellationToken);
        // r.Outcome: Ok | Ng | Unauthorized | RateLimited (r.RetryAfter) | Unreachable (refused, timeout, 5xx) | InvalidResponse
        HealthCenterVerificationResult forClient = await client.VerifyAsync(processingNumber, clientId, cancellationToken); // + X-Client-Id
        await Task.CompletedTask;
    }

    /// <summary>docs/export-format.md, the block at line 46.</summary>
    public static async Task ExportRead(Stream httpResponseStream, CancellationToken ct)
    {
        var options = new ExportReaderOptions
        {
            // Trusted keys; a key given without id/version matches any id/version.
            TrustedKeys = new ExportPublicKeySet().AddPem(File.ReadAllText("public.pem"), keyId: "440", keyVersion: "v1"),
        };
        await using ExportFileReader reader = await ExportFileReader.OpenAsync(httpResponseStream, options, ct);
        Console.WriteLine($"{reader.Batch.Region} {reader.KeyCount} keys, sha256 {Convert.ToHexString(reader.ExportBinSha256.Span)}");
        await foreach (DiagnosisKey key in reader.ReadKeysAsync(ct))
        {
            // key.Key (TemporaryExposureKey), key.TransmissionRiskLevel, key.ReportType, key.DaysSinceOnsetOfSymptoms
        }
        await Task.CompletedTask;
    }

    /// <summary>docs/export-format.md, the block at line 113.</summary>
    public static async Task ExportWrite(IReadOnlyList<DiagnosisKey> keysThatArrived, IReadOnlyList<DiagnosisKey> revisedKeys, DateTimeOffset windowStart, DateTimeOffset windowEnd, long start, long end, CancellationToken ct)
    {
        using ExportSigningKey signer = ExportSigningKey.FromPem(File.ReadAllText("private.pem"), keyId: "440", keyVersion: "v1");
        // or ExportSigningKey.FromECDsa(kmsBackedEcdsa, "440", "v1") — only SignHash is called, so HSM/KMS keys plug in.

        IReadOnlyList<ExportFileContent> files = ExportBatcher.CreateFiles(
            keysThatArrived, revisedKeys, windowStart, windowEnd,
            new ExportBatchOptions { Region = "440", Order = ExportKeyOrder.Shuffled });   // or SortedByKeyData (default)
        for (int i = 0; i < files.Count; i++)
        {
            await ExportFileWriter.WriteAsync($"{start}-{end}-{i:D5}.zip", files[i], [signer /* newest first, ≤ 10 */], cancellationToken: ct);
        }
        await Task.CompletedTask;
    }

    /// <summary>docs/matching.md, the block at line 8.</summary>
    public static async Task Matching(IEnumerable<Sighting> sightings, DeviceCalibration calibration, ExportFileReader reader, IProgress<MatchProgress> progress, IEnumerable<long> scanTimes, string configurationJson, string riskCalculationJson, TimeProvider timeProvider, DateTimeOffset now, CancellationToken ct)
    {
        // 1. Index the phone's stored sightings once (any order; times in Unix seconds).
        var matcher = new ExposureMatcher(sightings, new MatchOptions
        {
            RssiCorrectionDb = calibration.RssiCorrectionDb, // receiving device, Google's calibration table
            MaxDegreeOfParallelism = 0,                    // 0 = all cores
        });

        // 2. Stream keys from export files (sync or async); progress and cancellation for long runs.
        MatchResult result = await matcher.MatchAsync(reader.ReadKeysAsync(ct), progress, ct);

        // 3. Score: windows, daily summaries and the per-day decision (COCOA's production configuration by default).
        ExposureScoringResult scoring = ExposureScorer.Score(result.Matches, scanTimes,
            CocoaExposureConfiguration.Parse(configurationJson),                 // or .Production
            CocoaRiskCalculationConfiguration.Parse(riskCalculationJson),        // or .Production
            timeProvider.GetUtcNow());
        bool notify = scoring.IsHighRisk;

        // Legacy comparison: the v1 risk score COCOA1 used (MinimumRiskScore 21).
        ExposureSummaryV1 v1 = V1RiskCalculator.Calculate(result.Matches, ExposureConfigurationV1.Cocoa1, now);
        await Task.CompletedTask;
    }

    /// <summary>docs/notification-server.md, the block at line 160.</summary>
    public static async Task NotificationServerClients(HttpClient httpClient, IReadOnlyList<DiagnosisKey> keyHistory, DateTimeOffset onsetDate, string publicPem, ExportCursor savedCursor, CancellationToken ct, CancellationToken appLifetimeToken)
    {
        // Submission (app side): validates the number first, pads the body, retries 5xx/timeouts, never retries 406.
        var submit = new DiagnosisSubmissionClient(httpClient, new DiagnosisSubmissionClientOptions { BaseAddress = new("https://ns.example/") });
        DiagnosisSubmissionResult r = await submit.SubmitAsync("12345678" /* or the deep link */, keyHistory, hasSymptom: true, onsetDate, ct);
        // r.Status: Accepted, InvalidProcessingNumber, InvalidProcessingNumberFormat, ServerUnavailable, RejectedInput, RateLimited, UnexpectedResponse
        _ = submit.RunChaffAsync(appLifetimeToken); // decoys at exponentially distributed intervals (mean ChaffMeanInterval)

        // Downloads (exposure check): the files after the cursor, conditional list request (ETag), retries with backoff.
        var download = new ExportDownloadClient(httpClient, new ExportDownloadClientOptions { BaseAddress = new("https://cdn.example/") });
        ExportFileListing listing = await download.ListFilesAsync("440", savedCursor, ct);
        foreach (ExportFileReference file in listing.Files)
        {
            await using Stream zip = await download.OpenFileAsync(file, ct);   // streamed, not buffered
            await using ExportFileReader reader = await ExportFileReader.OpenAsync(zip, new ExportReaderOptions
            {
                TrustedKeys = ExportPublicKeySet.FromPem(publicPem),            // verified before any key is handed out
            }, ct);
            // reader.ReadKeysAsync(ct) → matcher; then persist file.Cursor (the runtime does all of this for you)
        }
        await Task.CompletedTask;
    }

    /// <summary>README.md, the block at line 33.</summary>
    public static async Task ReadmeCrypto()
    {
        var tek = TemporaryExposureKey.Generate(EnIntervalNumber.Now(TimeProvider.System));
        RollingProximityIdentifierKey rpik = ExposureKeyDerivation.DeriveRollingProximityIdentifierKey(tek);
        RollingProximityIdentifier rpi = ExposureKeyDerivation.GenerateRollingProximityIdentifier(rpik, tek.RollingStartIntervalNumber);

        AssociatedEncryptedMetadataKey aemk = ExposureKeyDerivation.DeriveAssociatedEncryptedMetadataKey(tek);
        AssociatedEncryptedMetadata aem = ExposureKeyDerivation.EncryptMetadata(aemk, rpi, ExposureMetadata.Create(txPowerDbm: -20));
        await Task.CompletedTask;
    }

    /// <summary>src/Cocoa.Sdk/README.md, the block at line 7.</summary>
    public static async Task PackageReadmeCrypto()
    {
        var tek = TemporaryExposureKey.Generate(EnIntervalNumber.FromDateTimeOffset(DateTimeOffset.UtcNow));
        var rpik = ExposureKeyDerivation.DeriveRollingProximityIdentifierKey(tek);
        var rpi = ExposureKeyDerivation.GenerateRollingProximityIdentifier(rpik, tek.RollingStartIntervalNumber);
        await Task.CompletedTask;
    }
}
