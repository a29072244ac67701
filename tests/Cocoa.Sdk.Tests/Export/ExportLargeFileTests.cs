using System.IO.Compression;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Xunit;
using static Cocoa.Sdk.Tests.Export.ExportTestKit;

namespace Cocoa.Sdk.Tests.Export;

[CollectionDefinition(nameof(AllocationMeasuringCollection), DisableParallelization = true)]
public sealed class AllocationMeasuringCollection;

/// <summary>A 1,000,000-key file is read in bounded memory (allocation measured, no timing asserted).</summary>
[Collection(nameof(AllocationMeasuringCollection))]
public sealed class ExportLargeFileTests
{
    private const int KeyCount = 1_000_000;

    [Fact]
    public async Task Million_key_file_is_verified_and_streamed_in_bounded_memory()
    {
        var keys = new DiagnosisKey[KeyCount];
        byte[] keyData = new byte[16];
        var random = new Random(1);
        for (int i = 0; i < keys.Length; i++)
        {
            random.NextBytes(keyData);
            keys[i] = new DiagnosisKey(TemporaryExposureKey.FromBytes(keyData, new EnIntervalNumber(2_900_000 + (uint)(i % 14 * 144))), i % 9, ReportType.ConfirmedTest, i % 29 - 14);
        }

        string path = Path.Combine(Path.GetTempPath(), "cocoa-export-1m-" + Guid.NewGuid().ToString("N") + ".zip");
        try
        {
            await ExportFileWriter.WriteAsync(path, new ExportFileContent(new ExportBatchInfo(1, 2, "440"), keys, []), [Signer], new ExportWriterOptions { CompressionLevel = CompressionLevel.Fastest });
            long fileLength = new FileInfo(path).Length;
            Assert.True(fileLength > 20_000_000, $"the file holds the keys ({fileLength} bytes)");

            GC.Collect();
            long before = GC.GetTotalAllocatedBytes(precise: true);
            long count = 0;
            long checksum = 0;
            await using (ExportFileReader reader = await ExportFileReader.OpenAsync(path, TrustingSigner()))
            {
                Assert.Equal(KeyCount, reader.KeyCount);
                await foreach (DiagnosisKey key in reader.ReadKeysAsync())
                {
                    checksum += key.TransmissionRiskLevel!.Value + key.Key.RollingPeriod;
                    count++;
                }
            }

            long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            Assert.Equal(KeyCount, count);
            Assert.Equal(keys.Sum(k => (long)k.TransmissionRiskLevel!.Value + k.Key.RollingPeriod), checksum);

            // Holding the keys would take ~50 MB and export.bin ~30 MB. The reader allocates about 1.5 MB in all here (the
            // 1 MiB in-memory copy of export.bin before it spills to a temporary file, pipe and zip buffers), far below either.
            Assert.True(allocated < 8_000_000, $"reading allocated {allocated:N0} bytes");

            // The synchronous path too.
            before = GC.GetTotalAllocatedBytes(precise: true);
            using (ExportFileReader reader = ExportFileReader.Open(path))
            {
                Assert.Equal(KeyCount, reader.ReadKeys().LongCount());
            }

            allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            Assert.True(allocated < 8_000_000, $"reading synchronously allocated {allocated:N0} bytes");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
