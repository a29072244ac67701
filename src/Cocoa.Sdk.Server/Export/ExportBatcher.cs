using System.Buffers.Binary;
using System.Security.Cryptography;
using Cocoa.Sdk.Crypto;

namespace Cocoa.Sdk.Export;

/// <summary>
/// Splits the keys of one export window into files: orders them (sorted or CSPRNG-shuffled, so no submission order
/// leaks), pads small sets with random keys, splits at a maximum record count and sets the batch fields.
/// </summary>
/// <remarks>
/// <para>Padding follows Google's reference server: when fewer than <see cref="ExportBatchOptions.MinRecordsPerFile"/> keys
/// are exported, keys with 16 random bytes are added up to that minimum plus a random 0..<see cref="ExportBatchOptions.PaddingRange"/>-1;
/// each clones the interval, period and metadata of a real key in round-robin order, so every real key is cloned at
/// least once. Revised keys are not padded. Persist the padded keys if the batch must be regenerated identically.</para>
/// <para>Every file gets batch number and size 1 (iOS and Android then accept files on their own), and file <c>i</c>
/// (0-based) gets end timestamp <c>end + i</c>, so phones that de-duplicate by (start, end, batch) keep every file.</para>
/// </remarks>
public static class ExportBatcher
{
    /// <summary>Plans the export files of one time window.</summary>
    /// <param name="keys">The keys that arrived in the window.</param>
    /// <param name="revisedKeys">Keys whose status changed in the window.</param>
    /// <param name="start">Start of the window.</param>
    /// <param name="end">End of the window.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    /// <returns>At least one file; an empty window gives one file without keys.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range or <paramref name="end"/> is before <paramref name="start"/>.</exception>
    public static IReadOnlyList<ExportFileContent> CreateFiles(
        IEnumerable<DiagnosisKey> keys,
        IEnumerable<DiagnosisKey> revisedKeys,
        DateTimeOffset start,
        DateTimeOffset end,
        ExportBatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(revisedKeys);
        options ??= new ExportBatchOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRecordsPerFile, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MinRecordsPerFile, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.PaddingRange, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(start.ToUnixTimeSeconds(), nameof(start));
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start, nameof(end));

        DiagnosisKey[] primary = keys.ToArray();
        DiagnosisKey[] revised = revisedKeys.ToArray();
        int padding = 0;
        if (options.MinRecordsPerFile > 0 && primary.Length > 0 && primary.Length < options.MinRecordsPerFile)
        {
            int target = options.MinRecordsPerFile + (options.PaddingRange > 1 ? RandomNumberGenerator.GetInt32(options.PaddingRange) : 0);
            padding = target - primary.Length;
            primary = Pad(primary, padding);
        }

        Order(primary, options.Order);
        Order(revised, options.Order);

        var files = new List<ExportFileContent>();
        ulong startSeconds = (ulong)start.ToUnixTimeSeconds();
        ulong endSeconds = (ulong)end.ToUnixTimeSeconds();
        long total = (long)primary.Length + revised.Length;
        long offset = 0;
        do
        {
            int count = (int)Math.Min(options.MaxRecordsPerFile, total - offset);
            int fromPrimary = (int)Math.Clamp(primary.Length - offset, 0, count);
            int fromRevised = count - fromPrimary;
            long revisedOffset = Math.Max(0, offset - primary.Length);
            var batch = new ExportBatchInfo(startSeconds, endSeconds + (ulong)files.Count, options.Region, 1, 1);
            files.Add(new ExportFileContent(
                batch,
                new ArraySegment<DiagnosisKey>(primary, (int)Math.Min(offset, primary.Length), fromPrimary),
                new ArraySegment<DiagnosisKey>(revised, (int)revisedOffset, fromRevised),
                files.Count == 0 ? padding : 0));
            offset += count;
        }
        while (offset < total);

        return files;
    }

    private static DiagnosisKey[] Pad(DiagnosisKey[] real, int count)
    {
        var padded = new DiagnosisKey[real.Length + count];
        real.CopyTo(padded, 0);
        Span<byte> keyData = stackalloc byte[TemporaryExposureKey.KeyLength];
        for (int i = 0; i < count; i++)
        {
            DiagnosisKey model = real[i % real.Length];
            RandomNumberGenerator.Fill(keyData);
            padded[real.Length + i] = model with
            {
                Key = TemporaryExposureKey.FromBytes(keyData, model.Key.RollingStartIntervalNumber, model.Key.RollingPeriod),
            };
        }

        CryptographicOperations.ZeroMemory(keyData);
        return padded;
    }

    private static void Order(DiagnosisKey[] keys, ExportKeyOrder order)
    {
        if (order == ExportKeyOrder.Shuffled)
        {
            RandomNumberGenerator.Shuffle(keys.AsSpan());
            return;
        }

        var sortKeys = new UInt128[keys.Length];
        Span<byte> keyData = stackalloc byte[TemporaryExposureKey.KeyLength];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i].Key.CopyKeyTo(keyData);
            sortKeys[i] = BinaryPrimitives.ReadUInt128BigEndian(keyData);
        }

        Array.Sort(sortKeys, keys);
    }
}
