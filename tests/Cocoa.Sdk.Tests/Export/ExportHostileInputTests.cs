using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Cocoa.Sdk.Export;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;
using static Cocoa.Sdk.Tests.Export.ExportTestKit;

namespace Cocoa.Sdk.Tests.Export;

/// <summary>
/// Files crafted to break the reader (issue 13): whatever the bytes, opening and reading ends in
/// <see cref="ExportFormatException"/> or in a successful read, and hostile archives are rejected in bounded memory.
/// </summary>
public sealed class ExportHostileInputTests
{
    private static readonly ExportFileContent Sample = new(
        new ExportBatchInfo(1_700_000_000, 1_700_086_400, "440", 1, 1),
        Gen.Sample(KeyGen, 12).ToArray(),
        Gen.Sample(KeyGen, 2).ToArray());

    private static readonly byte[] SampleBin = ExportFileWriter.EncodeExportBin(Sample, [Signer.Info]);

    /// <summary>The reproduction of issue 13: a key holding an unknown length-delimited field of length 0x7FFFFFFF.</summary>
    public static byte[] OverlongUnknownFieldInKey { get; } =
        Convert.FromHexString("454b204578706f7274207631202020203a1c0a10" + new string('0', 32) + "4affffffff0700000000");

    /// <summary>The same field inside a <c>signature_infos</c> message.</summary>
    public static byte[] OverlongUnknownFieldInSignatureInfo { get; } =
        Convert.FromHexString("454b204578706f72742076312020202032084affffffff07000000");

    public static TheoryData<string, byte[]> OverlongFields => new()
    {
        { "key", OverlongUnknownFieldInKey },
        { "signature_info", OverlongUnknownFieldInSignatureInfo },
    };

    [Theory]
    [MemberData(nameof(OverlongFields))]
    public async Task An_unknown_field_longer_than_its_message_is_a_typed_error(string where, byte[] bin)
    {
        byte[] zip = Zip(("export.bin", bin), ("export.sig", SignatureFile(bin)));
        foreach (ExportReaderOptions? options in new[] { null, TrustingSigner() })
        {
            var sync = Assert.Throws<ExportFormatException>(() => ReadAll(zip, options));
            Assert.Equal(ExportFormatError.MalformedExport, sync.Error);
            Assert.Contains(where == "key" ? "key #0" : "signature_infos", sync.Message, StringComparison.Ordinal);
            var async = await Assert.ThrowsAsync<ExportFormatException>(() => ReadAllAsync(new NonSeekableStream(new MemoryStream(zip)), options));
            Assert.Equal(ExportFormatError.MalformedExport, async.Error);
        }

        // Unsigned (any export.sig): the reader still fails cleanly before any signature matters.
        byte[] unsigned = Zip(("export.bin", bin), ("export.sig", []));
        Assert.Equal(ExportFormatError.MalformedExport, Assert.Throws<ExportFormatException>(() => ReadAll(unsigned, null)).Error);
    }

    [Property(MaxTest = 400)]
    public Property Random_mutations_of_a_valid_export_bin_end_in_a_typed_error_or_a_read() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            byte[] bin = ExportMutator.Mutate(SampleBin, new Random(seed));
            byte[] zip = Zip(("export.bin", bin), ("export.sig", SignatureFile(bin)));
            AssertTypedOrRead(zip, null);
            AssertTypedOrRead(zip, TrustingSigner());
        });

    [Property(MaxTest = 300)]
    public Property Random_mutations_of_a_valid_export_sig_end_in_a_typed_error_or_a_read() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            byte[] sig = ExportMutator.Mutate(SignatureFile(SampleBin), new Random(seed));
            AssertTypedOrRead(Zip(("export.bin", SampleBin), ("export.sig", sig)), TrustingSigner());
        });

    [Property(MaxTest = 400)]
    public Property Random_mutations_of_a_valid_zip_end_in_a_typed_error_or_a_read() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), Arb.From(Gen.Elements(CompressionLevel.NoCompression, CompressionLevel.Fastest)), (seed, level) =>
        {
            byte[] zip = ExportMutator.Mutate(StoredOrDeflated(level), new Random(seed));
            AssertTypedOrRead(zip, null);
            AssertTypedOrRead(zip, TrustingSigner());
        });

    [Fact]
    public void A_zip_of_many_empty_entries_is_rejected_before_its_central_directory_is_loaded()
    {
        byte[] zip = ManyEmptyEntriesZip(200_000, dataDescriptors: false);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<ExportFormatException>(() => ExportFileReader.Open(new MemoryStream(zip)));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(ExportFormatError.TooLarge, ex.Error);
        Assert.Contains("entries", ex.Message, StringComparison.Ordinal);

        // Loading 200,000 entries costs about 80 MB; the check reads the last 64 KiB and a few headers.
        Assert.True(allocated < 4 * 1024 * 1024, $"{allocated} bytes allocated");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_non_seekable_zip_of_many_entries_is_rejected_in_bounded_memory(bool dataDescriptors)
    {
        byte[] zip = ManyEmptyEntriesZip(200_000, dataDescriptors);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<ExportFormatException>(() => ExportFileReader.Open(new NonSeekableStream(new MemoryStream(zip))));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(ExportFormatError.TooLarge, ex.Error);
        Assert.True(allocated < 4 * 1024 * 1024, $"{allocated} bytes allocated");

        var asyncEx = await Assert.ThrowsAsync<ExportFormatException>(() => ExportFileReader.OpenAsync(new NonSeekableStream(new MemoryStream(zip))));
        Assert.Equal(ExportFormatError.TooLarge, asyncEx.Error);
    }

    [Fact]
    public void A_central_directory_that_holds_more_entries_than_its_end_record_says_is_rejected()
    {
        byte[] zip = ManyEmptyEntriesZip(5_000, dataDescriptors: false);
        int eocd = zip.Length - 22;
        BinaryPrimitives.WriteUInt16LittleEndian(zip.AsSpan(eocd + 8), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(zip.AsSpan(eocd + 10), 2);
        var ex = Assert.Throws<ExportFormatException>(() => ExportFileReader.Open(new MemoryStream(zip)));
        Assert.Equal(ExportFormatError.TooLarge, ex.Error);
        Assert.Contains("central directory holds more than", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_files_with_a_few_additional_entries_are_still_read()
    {
        byte[] zip = Zip(("export.bin", SampleBin), ("export.sig", SignatureFile(SampleBin)), ("content.sig", [1, 2, 3]));
        var options = TrustingSigner();
        options.AllowAdditionalEntries = true;
        Assert.Equal(Sample.Keys, ReadAll(zip, options).Keys);
        Assert.Equal(Sample.Keys, (await ReadAllAsync(new NonSeekableStream(new MemoryStream(zip)), options)).Keys);
    }

    private static byte[] StoredOrDeflated(CompressionLevel level)
    {
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach ((string name, byte[] data) in new[] { ("export.bin", SampleBin), ("export.sig", SignatureFile(SampleBin)) })
            {
                using Stream stream = archive.CreateEntry(name, level).Open();
                stream.Write(data);
            }
        }

        return output.ToArray();
    }

    private static void AssertTypedOrRead(byte[] zip, ExportReaderOptions? options)
    {
        try
        {
            _ = ReadAll(zip, options);
        }
        catch (ExportFormatException ex)
        {
            Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        }

        try
        {
            _ = ReadAllAsync(new NonSeekableStream(new MemoryStream(zip)), options).GetAwaiter().GetResult();
        }
        catch (ExportFormatException)
        {
        }
    }

    /// <summary>A zip of <paramref name="count"/> empty stored entries, written directly (ZipArchive is far too slow).</summary>
    internal static byte[] ManyEmptyEntriesZip(int count, bool dataDescriptors)
    {
        using var output = new MemoryStream();
        var writer = new BinaryWriter(output);
        var offsets = new long[count];
        byte[][] names = new byte[count][];
        ushort flags = dataDescriptors ? (ushort)0x0008 : (ushort)0;
        for (int i = 0; i < count; i++)
        {
            names[i] = Encoding.ASCII.GetBytes($"e{i:D7}");
            offsets[i] = output.Position;
            writer.Write(0x04034b50u);
            writer.Write((ushort)20);
            writer.Write(flags);
            writer.Write((ushort)0); // stored
            writer.Write(0u); // time and date
            writer.Write(0u); // crc
            writer.Write(0u); // compressed
            writer.Write(0u); // uncompressed
            writer.Write((ushort)names[i].Length);
            writer.Write((ushort)0);
            writer.Write(names[i]);
            if (dataDescriptors)
            {
                writer.Write(0x08074b50u);
                writer.Write(0u);
                writer.Write(0u);
                writer.Write(0u);
            }
        }

        long directory = output.Position;
        for (int i = 0; i < count; i++)
        {
            writer.Write(0x02014b50u);
            writer.Write((ushort)20);
            writer.Write((ushort)20);
            writer.Write(flags);
            writer.Write((ushort)0);
            writer.Write(0u);
            writer.Write(0u);
            writer.Write(0u);
            writer.Write(0u);
            writer.Write((ushort)names[i].Length);
            writer.Write((ushort)0); // extra
            writer.Write((ushort)0); // comment
            writer.Write((ushort)0); // disk
            writer.Write((ushort)0); // internal attributes
            writer.Write(0u); // external attributes
            writer.Write((uint)offsets[i]);
            writer.Write(names[i]);
        }

        long end = output.Position;
        writer.Write(0x06054b50u);
        writer.Write((ushort)0);
        writer.Write((ushort)0);
        writer.Write((ushort)Math.Min(count, ushort.MaxValue));
        writer.Write((ushort)Math.Min(count, ushort.MaxValue));
        writer.Write((uint)(end - directory));
        writer.Write((uint)directory);
        writer.Write((ushort)0);
        writer.Flush();
        return output.ToArray();
    }
}
