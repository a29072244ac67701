using System.Buffers.Binary;
using Cocoa.Sdk.Export;
using FsCheck;
using FsCheck.Fluent;
using Xunit;
using static Cocoa.Sdk.Tests.Export.ExportTestKit;

namespace Cocoa.Sdk.Tests.Export;

public sealed class ExportBatcherTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset End = Start.AddHours(6);

    private static UInt128 SortKey(DiagnosisKey key)
    {
        Span<byte> bytes = stackalloc byte[16];
        key.Key.CopyKeyTo(bytes);
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    [Fact]
    public void Small_sets_are_padded_with_random_clones_of_every_real_key()
    {
        DiagnosisKey[] real = Gen.Sample(KeyGen, 7).ToArray();
        ExportFileContent file = Assert.Single(ExportBatcher.CreateFiles(real, [], Start, End, new ExportBatchOptions { Region = "440" }));

        Assert.InRange(file.Keys.Count, 1000, 1099);
        Assert.Equal(file.Keys.Count - 7, file.PaddingKeyCount);
        Assert.All(real, k => Assert.Contains(k, file.Keys));
        var padding = file.Keys.Where(k => !real.Contains(k)).ToList();
        Assert.Equal(file.PaddingKeyCount, padding.Count);
        foreach (DiagnosisKey model in real)
        {
            // Every real key's metadata is cloned at least once, so padding cannot be told apart by metadata.
            Assert.Contains(padding, p => p.Key.RollingStartIntervalNumber == model.Key.RollingStartIntervalNumber
                && p.Key.RollingPeriod == model.Key.RollingPeriod
                && p.TransmissionRiskLevel == model.TransmissionRiskLevel
                && p.ReportType == model.ReportType
                && p.DaysSinceOnsetOfSymptoms == model.DaysSinceOnsetOfSymptoms);
        }

        Assert.Equal(padding.Count, padding.Select(p => p.Key.ToKeyHex()).Distinct().Count());
        Assert.True(file.Keys.Select(SortKey).SequenceEqual(file.Keys.Select(SortKey).Order()));
        Assert.Equal(new ExportBatchInfo((ulong)Start.ToUnixTimeSeconds(), (ulong)End.ToUnixTimeSeconds(), "440", 1, 1), file.Batch);
    }

    [Fact]
    public void Large_sets_are_split_with_distinct_end_timestamps_and_no_padding()
    {
        DiagnosisKey[] keys = Gen.Sample(KeyGen, 2500).ToArray();
        DiagnosisKey[] revised = Gen.Sample(KeyGen, 300).ToArray();
        IReadOnlyList<ExportFileContent> files = ExportBatcher.CreateFiles(keys, revised, Start, End, new ExportBatchOptions { MaxRecordsPerFile = 1000 });

        Assert.Equal(3, files.Count);
        Assert.Equal([1000, 1000, 500], files.Select(f => f.Keys.Count));
        Assert.Equal([0, 0, 300], files.Select(f => f.RevisedKeys.Count));
        Assert.All(files, f => Assert.Equal(0, f.PaddingKeyCount));
        Assert.Equal(
            files.Select((_, i) => (ulong)End.ToUnixTimeSeconds() + (ulong)i),
            files.Select(f => f.Batch.EndTimestamp!.Value));
        Assert.All(files, f => Assert.Equal((1, 1), (f.Batch.BatchNum, f.Batch.BatchSize)));
        Assert.Equal(keys.ToHashSet(), files.SelectMany(f => f.Keys).ToHashSet());
        Assert.Equal(revised.ToHashSet(), files.SelectMany(f => f.RevisedKeys).ToHashSet());
        var all = files.SelectMany(f => f.Keys).Select(SortKey).ToList();
        Assert.Equal(all.Order(), all);
    }

    [Fact]
    public void Shuffled_order_is_a_permutation_that_hides_submission_order()
    {
        DiagnosisKey[] keys = Gen.Sample(KeyGen, 2000).ToArray();
        ExportFileContent file = Assert.Single(ExportBatcher.CreateFiles(keys, [], Start, End, new ExportBatchOptions { Order = ExportKeyOrder.Shuffled, MinRecordsPerFile = 0 }));
        Assert.Equal(keys.ToHashSet(), file.Keys.ToHashSet());
        Assert.NotEqual(keys, file.Keys);
        Assert.NotEqual(keys.OrderBy(SortKey), file.Keys);
    }

    [Fact]
    public void Empty_window_gives_one_empty_file_and_options_are_checked()
    {
        ExportFileContent file = Assert.Single(ExportBatcher.CreateFiles([], [], Start, End));
        Assert.Empty(file.Keys);
        Assert.Equal(0, file.PaddingKeyCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => ExportBatcher.CreateFiles([], [], End, Start));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExportBatcher.CreateFiles([], [], Start, End, new ExportBatchOptions { MaxRecordsPerFile = 0 }));
    }
}
