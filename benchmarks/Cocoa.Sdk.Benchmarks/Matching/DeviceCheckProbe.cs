using System.Diagnostics;
using System.IO.Pipelines;
using Cocoa.Sdk.Ble;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Matching;
using Cocoa.Sdk.Runtime;
using Cocoa.Sdk.Storage.Internal;
using Microsoft.Extensions.Options;

namespace Cocoa.Sdk.Benchmarks.Matching;

/// <summary>
/// The exposure check on the device path, timed: <see cref="ExposureNotificationClient.CheckExposureAsync"/> with the
/// phone's SQLite store holding the sightings, the export arriving as a forward-only stream (as an HTTP body does), the
/// windows and daily sums built and committed — so its per-key cost can be set beside <c>cocoa match</c>'s pipeline.
/// </summary>
internal static class DeviceCheckProbe
{
    /// <summary>Best wall-clock and CPU seconds of <paramref name="runs"/> checks, each on a fresh phone database.</summary>
    public static (double Wall, double Cpu) Measure(string zip, string publicKeyPem, IReadOnlyList<Sighting> sightings, DateTimeOffset now, long expectedKeys, int runs)
    {
        double bestWall = double.MaxValue, bestCpu = double.MaxValue;
        for (int r = 0; r < runs; r++)
        {
            (double wall, double cpu) = RunOnce(zip, publicKeyPem, sightings, now, expectedKeys).GetAwaiter().GetResult();
            bestWall = Math.Min(bestWall, wall);
            bestCpu = Math.Min(bestCpu, cpu);
        }

        return (bestWall, bestCpu);
    }

    private static async Task<(double Wall, double Cpu)> RunOnce(string zip, string publicKeyPem, IReadOnlyList<Sighting> sightings, DateTimeOffset now, long expectedKeys)
    {
        string directory = Directory.CreateTempSubdirectory("cocoa-device-check-").FullName;
        try
        {
            var options = new ExposureNotificationOptions
            {
                DatabasePath = Path.Combine(directory, "phone.db"),
                TrustedExportKeys = ExportPublicKeySet.FromPem(publicKeyPem),
                DurableWrites = false,
            };
            var radio = new SilentRadio();
            await using var client = new ExposureNotificationClient(
                Options.Create(options), radio, radio, new FixedClock(now), new OneFileSource(zip), null, null, null);
            await client.GrantConsentAsync();
            Record(client.Store, sightings);

            GC.Collect();
            TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            ExposureCheckResult result = await client.CheckExposureAsync();
            wall.Stop();
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
            if (!result.Succeeded || result.KeysProcessed != expectedKeys)
            {
                throw new InvalidOperationException($"device check: succeeded {result.Succeeded}, {result.KeysProcessed} keys; {string.Join("; ", result.Errors)}");
            }

            return (wall.Elapsed.TotalSeconds, cpu);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The sightings as the runtime records them: scans of up to 100 identifiers, in time order.</summary>
    private static void Record(ExposureStore store, IReadOnlyList<Sighting> sightings)
    {
        foreach (IGrouping<long, Sighting> scan in sightings.OrderBy(s => s.UnixSeconds).Select((s, i) => (s, i)).GroupBy(x => (long)(x.i / 100), x => x.s))
        {
            DateTimeOffset start = scan.First().Time;
            store.RecordScan(
                new ScanRecord(start, TimeSpan.FromSeconds(4)),
                [.. scan.Select(s => new SightingRecord(s.Identifier, s.EncryptedMetadata, s.RssiDbm, s.Time))]);
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>A radio that is on and hears nothing (the probe records its sightings directly).</summary>
    private sealed class SilentRadio : IBleAdvertiser, IBleScanner
    {
        public event EventHandler? StateChanged
        {
            add { }
            remove { }
        }

        public BluetoothState State => BluetoothState.On;

        public Task StartAdvertisingAsync(ExposureNotificationPayload payload, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAdvertisingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlyList<BleAdvertisementReport>> ScanAsync(TimeSpan duration, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<BleAdvertisementReport>>([]);
    }

    /// <summary>Lists the one file once; opens it as a forward-only stream, like an HTTP response body.</summary>
    private sealed class OneFileSource(string path) : IExportFileSource
    {
        public Task<ExportFileListing> ListFilesAsync(string region, ExportCursor after, CancellationToken cancellationToken)
        {
            ExportFileReference[] files = after.LastCreated >= 1 ? [] : [new ExportFileReference(region, path, new ExportCursor(1))];
            return Task.FromResult(new ExportFileListing(files, files.Length > 0 ? files[0].Cursor : after));
        }

        public Task<Stream> OpenFileAsync(ExportFileReference file, CancellationToken cancellationToken) =>
            Task.FromResult(PipeReader.Create(File.OpenRead(file.Location)).AsStream());
    }
}
