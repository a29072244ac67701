using System.IO.Compression;
using System.Security.Cryptography;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Matching;
using FsCheck.Xunit;
using Xunit;
using static Cocoa.Sdk.Tests.Matching.MatchingTestData;

namespace Cocoa.Sdk.Tests.Matching;

/// <summary>
/// <see cref="ExposureMatcher.MatchExportFilesAsync"/>: whatever the split into files, the matches are those of one stream
/// of the good files' keys; a file that fails anywhere (signature, tampering, not a zip, its stream) reports nothing.
/// </summary>
public sealed class ExportMatchPipelineTests : IDisposable
{
    private readonly ECDsa _signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose()
    {
        _signer.Dispose();
        _stranger.Dispose();
    }

    private enum BadFile
    {
        None,
        WrongSigner,
        Tampered,
        NotAZip,
        StreamFails,
    }

    [Property(MaxTest = 40)]
    public void Matches_equal_one_stream_of_the_good_files_for_any_split_with_a_bad_file_anywhere(int seed, byte fileCount, byte badKind, bool twoThreads)
    {
        var random = new Random(seed);
        (DiagnosisKey[] keys, Sighting[] sightings) = Workload(random, 1 + random.Next(400));
        int files = 1 + (fileCount % 6);
        List<DiagnosisKey[]> parts = Split(random, keys, files);
        var bad = (BadFile)(badKind % 5);
        int badAt = random.Next(parts.Count + 1);
        var options = new MatchOptions { MaxDegreeOfParallelism = twoThreads ? 2 : 1, ChunkSize = 1 + random.Next(64), RssiCorrectionDb = random.Next(-5, 6) };
        var matcher = new ExposureMatcher(sightings, options);

        var opens = new List<Func<CancellationToken, Task<Stream>>>();
        var good = new List<DiagnosisKey[]>();
        for (int i = 0; i <= parts.Count; i++)
        {
            if (i == badAt && bad != BadFile.None)
            {
                // The bad file carries the keys the phone heard: reported, they would show up.
                opens.Add(Bad(bad, keys));
            }

            if (i < parts.Count)
            {
                byte[] zip = Signed(parts[i], _signer);
                bool forwardOnly = random.Next(3) == 0;
                opens.Add(_ => Task.FromResult<Stream>(forwardOnly ? new ForwardOnlyStream(zip) : new MemoryStream(zip)));
                good.Add(parts[i]);
            }
        }

        List<ExportFileMatchResult> results = Run(matcher, opens, Trusted(_signer));

        Assert.Equal(opens.Count, results.Count);
        Assert.Equal(Enumerable.Range(0, opens.Count), results.Select(r => r.FileIndex));
        int g = 0;
        foreach (ExportFileMatchResult r in results)
        {
            if (r.FileIndex == badAt && bad != BadFile.None)
            {
                Assert.False(r.Succeeded);
                Assert.Null(r.Result);
                Assert.True(r.ExportBinSha256.IsEmpty);
                Assert.IsType(bad == BadFile.StreamFails ? typeof(IOException) : typeof(ExportFormatException), r.Error);
                continue;
            }

            Assert.True(r.Succeeded, r.Error?.ToString());
            MatchResult alone = matcher.Match(good[g]);
            Assert.Equal(Describe(alone), Describe(r.Result!));
            Assert.Equal(good[g].Length, r.Result!.KeysProcessed);
            Assert.Equal(SHA256.HashData(ExportBin(Signed(good[g], _signer))), r.ExportBinSha256.ToArray());
            g++;
        }

        MatchResult expected = matcher.Match(good.SelectMany(p => p));
        MatchResult joined = MatchResult.Concat(results.Where(r => r.Succeeded).Select(r => r.Result!));
        Assert.Equal(Describe(expected), Describe(joined));
        Assert.Equal(expected.KeysProcessed, joined.KeysProcessed);
        Assert.Equal(expected.KeysSkipped, joined.KeysSkipped);
    }

    [Fact]
    public void Without_trusted_keys_nothing_is_verified_and_a_tampered_file_is_matched()
    {
        var random = new Random(7);
        (DiagnosisKey[] keys, Sighting[] sightings) = Workload(random, 200);
        var matcher = new ExposureMatcher(sightings);

        ExportFileMatchResult result = Assert.Single(Run(matcher, [Bad(BadFile.Tampered, keys)], null));

        Assert.True(result.Succeeded);
        Assert.Equal(Describe(matcher.Match(keys)), Describe(result.Result!));
        Assert.NotEmpty(result.Result!.Matches);
    }

    [Fact]
    public async Task Cancellation_stops_the_run_and_disposes_every_stream_it_opened()
    {
        var random = new Random(11);
        (DiagnosisKey[] keys, Sighting[] sightings) = Workload(random, 20_000);
        byte[] zip = Signed(keys, _signer);
        var matcher = new ExposureMatcher(sightings, new MatchOptions { ChunkSize = 64, MaxDegreeOfParallelism = 2 });
        using var cts = new CancellationTokenSource();
        var streams = new List<TrackedStream>();
        Func<CancellationToken, Task<Stream>>[] opens = [.. Enumerable.Range(0, 6).Select(_ => (Func<CancellationToken, Task<Stream>>)(_ =>
        {
            var s = new TrackedStream(zip);
            lock (streams)
            {
                streams.Add(s);
            }

            return Task.FromResult<Stream>(s);
        }))];
        var progress = new SyncProgress(p =>
        {
            if (p.KeysProcessed >= 1000)
            {
                cts.Cancel();
            }
        });

        int seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (ExportFileMatchResult _ in matcher.MatchExportFilesAsync(opens, Trusted(_signer), progress, cts.Token))
            {
                seen++;
            }
        });

        Assert.True(seen < opens.Length);
        lock (streams)
        {
            Assert.NotEmpty(streams);
            Assert.All(streams, s => Assert.True(s.Disposed));
        }
    }

    [Fact]
    public async Task Stopping_the_enumeration_early_stops_the_pipeline_and_disposes_the_streams()
    {
        var random = new Random(12);
        (DiagnosisKey[] keys, Sighting[] sightings) = Workload(random, 5_000);
        byte[] zip = Signed(keys, _signer);
        var matcher = new ExposureMatcher(sightings, new MatchOptions { ChunkSize = 32 });
        var streams = new List<TrackedStream>();
        Func<CancellationToken, Task<Stream>>[] opens = [.. Enumerable.Range(0, 8).Select(_ => (Func<CancellationToken, Task<Stream>>)(_ =>
        {
            var s = new TrackedStream(zip);
            lock (streams)
            {
                streams.Add(s);
            }

            return Task.FromResult<Stream>(s);
        }))];

        await foreach (ExportFileMatchResult first in matcher.MatchExportFilesAsync(opens, Trusted(_signer)))
        {
            Assert.True(first.Succeeded);
            break;
        }

        lock (streams)
        {
            Assert.InRange(streams.Count, 1, opens.Length);
            Assert.All(streams, s => Assert.True(s.Disposed));
        }
    }

    [Fact]
    public async Task No_files_give_no_results()
    {
        var matcher = new ExposureMatcher([]);
        await foreach (ExportFileMatchResult _ in matcher.MatchExportFilesAsync([]))
        {
            Assert.Fail("no file, no result");
        }
    }

    private static List<ExportFileMatchResult> Run(ExposureMatcher matcher, IReadOnlyList<Func<CancellationToken, Task<Stream>>> opens, ExportReaderOptions? options)
    {
        return Collect().GetAwaiter().GetResult();

        async Task<List<ExportFileMatchResult>> Collect()
        {
            var results = new List<ExportFileMatchResult>();
            await foreach (ExportFileMatchResult r in matcher.MatchExportFilesAsync(opens, options))
            {
                results.Add(r);
            }

            return results;
        }
    }

    private Func<CancellationToken, Task<Stream>> Bad(BadFile kind, DiagnosisKey[] keys) => kind switch
    {
        BadFile.WrongSigner => _ => Task.FromResult<Stream>(new MemoryStream(Signed(keys, _stranger))),
        BadFile.Tampered => _ => Task.FromResult<Stream>(new MemoryStream(Tampered(keys))),
        BadFile.NotAZip => _ => Task.FromResult<Stream>(new MemoryStream("PK not really a zip"u8.ToArray())),
        _ => _ => Task.FromException<Stream>(new IOException("connection reset")),
    };

    /// <summary>export.bin with <paramref name="keys"/>, export.sig of a file with other keys signed by the trusted key.</summary>
    private byte[] Tampered(DiagnosisKey[] keys)
    {
        byte[] genuine = Signed([RandomKey(new Random(99), BaseDay)], _signer);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (Stream s = zip.CreateEntry(ExportFileReader.ExportBinEntryName).Open())
            {
                s.Write(ExportBin(Signed(keys, _signer)));
            }

            using (Stream s = zip.CreateEntry(ExportFileReader.ExportSigEntryName).Open())
            {
                s.Write(Entry(genuine, ExportFileReader.ExportSigEntryName));
            }
        }

        return buffer.ToArray();
    }

    private static byte[] ExportBin(byte[] zip) => Entry(zip, ExportFileReader.ExportBinEntryName);

    private static byte[] Entry(byte[] zip, string name)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        using Stream s = archive.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        s.CopyTo(copy);
        return copy.ToArray();
    }

    private static byte[] Signed(IReadOnlyList<DiagnosisKey> keys, ECDsa key)
    {
        using var signing = ExportSigningKey.FromECDsa(key, "440", "v1");
        using var buffer = new MemoryStream();
        ExportFileWriter.WriteAsync(buffer, new ExportFileContent(new ExportBatchInfo(1, 2, "440"), keys, []), [signing]).GetAwaiter().GetResult();
        return buffer.ToArray();
    }

    private static ExportReaderOptions Trusted(ECDsa key) => new() { TrustedKeys = new ExportPublicKeySet().Add(key.ExportSubjectPublicKeyInfo()) };

    /// <summary>Keys over five days and the sightings of some of them (inside and just outside the ±2 h window), plus noise.</summary>
    private static (DiagnosisKey[] Keys, Sighting[] Sightings) Workload(Random random, int n)
    {
        var keys = new DiagnosisKey[n];
        for (int i = 0; i < n; i++)
        {
            keys[i] = RandomKey(random, BaseDay + (uint)(144 * random.Next(-2, 3)), random.Next(4) == 0 ? random.Next(1, 145) : 144, ReportType.ConfirmedTest, 0, 4);
        }

        if (n > 2)
        {
            keys[n - 1] = keys[random.Next(n - 1)]; // the same key twice, perhaps in two files
        }

        var sightings = new List<Sighting>();
        for (int p = 0; p < Math.Min(n, 40); p++)
        {
            DiagnosisKey key = keys[random.Next(n)];
            uint interval = key.Key.RollingStartIntervalNumber.Value + (uint)random.Next(144);
            sightings.Add(SightingOf(key, interval, TimeIn((uint)(interval + random.Next(-14, 15)), random.Next(600)), rssi: random.Next(-100, -30)));
        }

        for (int j = 0; j < 30; j++)
        {
            sightings.Add(Noise(random, TimeIn(BaseDay + (uint)random.Next(-300, 300), random.Next(600))));
        }

        return (keys, [.. sightings]);
    }

    private static List<DiagnosisKey[]> Split(Random random, DiagnosisKey[] keys, int files)
    {
        int[] cuts = [0, .. Enumerable.Range(0, files - 1).Select(_ => random.Next(keys.Length + 1)).Order(), keys.Length];
        return [.. Enumerable.Range(0, files).Select(i => keys[cuts[i]..cuts[i + 1]])];
    }

    private sealed class SyncProgress(Action<MatchProgress> report) : IProgress<MatchProgress>
    {
        public void Report(MatchProgress value) => report(value);
    }

    /// <summary>A response body: readable once, front to back.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }

    private sealed class TrackedStream(byte[] bytes) : MemoryStream(bytes)
    {
        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
