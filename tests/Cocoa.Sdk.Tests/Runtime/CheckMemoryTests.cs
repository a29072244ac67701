using System.IO.Compression;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Runtime;
using Cocoa.Sdk.Runtime.Internal;
using Cocoa.Sdk.Simulation;
using Cocoa.Sdk.Storage.Internal;
using Cocoa.Sdk.Tests.Export;
using Microsoft.Extensions.Options;
using Xunit;
using Xunit.Abstractions;

namespace Cocoa.Sdk.Tests.Runtime;

/// <summary>
/// An exposure check over one 1,000,000-key file, arriving as a non-seekable stream (as from HTTP), against 20,000
/// stored sightings: the live managed heap, sampled with full collections while the check runs, stays under 64 MB.
/// The keys are streamed from the reader to the matcher and never held. No timing is asserted.
/// </summary>
[Collection(nameof(AllocationMeasuringCollection))]
public sealed class CheckMemoryTests(ITestOutputHelper output)
{
    private const int KeyCount = 1_000_000;
    private const long Budget = 64L * 1024 * 1024;
    private static readonly DateTimeOffset ContactDay = RuntimeHarness.Start;

    [Fact]
    public async Task A_check_over_a_million_key_file_stays_under_64_MB_of_managed_heap()
    {
        await using var h = new RuntimeHarness();
        SimulatedDevice device = h.Air.AddDevice("phone", RadioProfile.Pixel4, new Position(0, 0));
        TemporaryExposureKey[] positives = [PlantedContacts.DayKey(ContactDay), PlantedContacts.DayKey(ContactDay.AddDays(1))];
        string zip = h.Files.PathFor("million.zip");
        await ExportFileWriter.WriteAsync(
            zip,
            new ExportFileContent(new ExportBatchInfo(1, 2, "440"), new GeneratedKeys(KeyCount, positives), []),
            [ExportTestKit.Signer],
            new ExportWriterOptions { CompressionLevel = CompressionLevel.Fastest });

        var options = new ExposureNotificationOptions
        {
            DatabasePath = h.Files.PathFor("phone.db"),
            TrustedExportKeys = ExportTestKit.TrustingSigner().TrustedKeys,
            Calibration = RadioProfile.Pixel4.Calibration,
            DurableWrites = false,
        };
        await using var client = new ExposureNotificationClient(
            Options.Create(options), device.Advertiser, device.Scanner, h.Time, new OneFileSource(zip), null, null, new SeededRandomSource(1));
        await client.GrantConsentAsync();
        PlantedContacts.Plant(client.Store, positives[0], ContactDay.AddHours(9), 20, PlantedContacts.OneMetreDb, options.Calibration.RssiCorrectionDb);
        PlantedContacts.Plant(client.Store, positives[1], ContactDay.AddDays(1).AddHours(9), 5, PlantedContacts.OneMetreDb, options.Calibration.RssiCorrectionDb);
        PlantNoise(client.Store, 20_000);
        h.Time.Advance(TimeSpan.FromDays(3));

        long baseline = GC.GetTotalMemory(forceFullCollection: true);
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        using var sampling = new CancellationTokenSource();
        long peak = baseline;
        int samples = 0;
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
                samples++;
                await Task.Delay(10);
            }
        });

        ExposureCheckResult result = await client.CheckExposureAsync();
        await sampling.CancelAsync();
        await sampler;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal(KeyCount, result.KeysProcessed);
        Assert.Equal(DateOnly.FromDateTime(ContactDay.UtcDateTime), Assert.Single(result.NewHighRiskDays).Date);
        Assert.Equal(2, client.GetExposureDays().Count);
        output.WriteLine($"managed heap: baseline {baseline / 1048576.0:F1} MB, peak {peak / 1048576.0:F1} MB over {samples} samples; allocated {allocated / 1048576.0:F1} MB");
        Assert.True(samples >= 3, $"only {samples} samples");
        Assert.True(peak < Budget, $"the live managed heap reached {peak:N0} bytes");
    }

    /// <summary>Other phones' identifiers heard over the three days (they match no published key).</summary>
    private static void PlantNoise(ExposureStore store, int count)
    {
        var random = new Random(7);
        byte[] rpi = new byte[16], aem = new byte[4];
        for (int scan = 0; scan < count / 100; scan++)
        {
            DateTimeOffset at = ContactDay.AddMinutes(scan * 3);
            var sightings = new List<SightingRecord>(100);
            for (int i = 0; i < 100; i++)
            {
                random.NextBytes(rpi);
                random.NextBytes(aem);
                sightings.Add(new SightingRecord(RollingProximityIdentifier.FromBytes(rpi), AssociatedEncryptedMetadata.FromBytes(aem), -70, at));
            }

            store.RecordScan(new ScanRecord(at, TimeSpan.FromSeconds(4)), sightings);
        }
    }

    /// <summary>A million keys computed on demand (never held in memory), with the positives' keys among them.</summary>
    private sealed class GeneratedKeys(int count, TemporaryExposureKey[] planted) : IReadOnlyList<DiagnosisKey>
    {
        public int Count => count;

        public DiagnosisKey this[int index]
        {
            get
            {
                if (index % 400_000 == 7 && index / 400_000 < planted.Length)
                {
                    return PlantedContacts.Published(planted[index / 400_000]);
                }

                Span<byte> data = stackalloc byte[16];
                BitConverter.TryWriteBytes(data, (ulong)index * 0x9E3779B97F4A7C15UL);
                BitConverter.TryWriteBytes(data[8..], ((ulong)index + 1) * 0xC2B2AE3D27D4EB4FUL);
                var start = EnIntervalNumber.FromDateTimeOffset(ContactDay.AddDays(index % 3)).DayStart;
                return new DiagnosisKey(TemporaryExposureKey.FromBytes(data, start), 4, ReportType.ConfirmedTest, 0);
            }
        }

        public IEnumerator<DiagnosisKey> GetEnumerator()
        {
            for (int i = 0; i < count; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Serves one zip file as a forward-only stream, like an HTTP response body.</summary>
    private sealed class OneFileSource(string path) : IExportFileSource
    {
        public Task<ExportFileListing> ListFilesAsync(string region, ExportCursor after, CancellationToken cancellationToken)
        {
            ExportFileReference[] files = after.LastCreated >= 1 ? [] : [new ExportFileReference(region, path, new ExportCursor(1))];
            return Task.FromResult(new ExportFileListing(files, files.Length > 0 ? files[0].Cursor : after));
        }

        public Task<Stream> OpenFileAsync(ExportFileReference file, CancellationToken cancellationToken) =>
            Task.FromResult<Stream>(new ForwardOnlyStream(File.OpenRead(file.Location)));
    }

    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
