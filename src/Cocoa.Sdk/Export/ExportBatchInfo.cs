namespace Cocoa.Sdk.Export;

/// <summary>
/// The batch fields of an export file (<c>TemporaryExposureKeyExport</c> fields 1–5). Absent fields are <see langword="null"/>.
/// </summary>
/// <param name="StartTimestamp">Start of the window in which the keys arrived at the server, Unix seconds (UTC).</param>
/// <param name="EndTimestamp">End of that window, Unix seconds (UTC).</param>
/// <param name="Region">Region of the keys, e.g. "440" (Japan's mobile country code) or an ISO country code.</param>
/// <param name="BatchNum">1-based number of this file in its batch.</param>
/// <param name="BatchSize">Number of files in the batch.</param>
/// <remarks>Phones de-duplicate files by (start, end, batch number): two different files must never share all three.</remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record ExportBatchInfo(
    ulong? StartTimestamp,
    ulong? EndTimestamp,
    string? Region,
    int? BatchNum = 1,
    int? BatchSize = 1)
{
    /// <summary>Gets <see cref="StartTimestamp"/> as an instant, or <see langword="null"/> when absent or out of range.</summary>
    public DateTimeOffset? StartTime => ToInstant(StartTimestamp);

    /// <summary>Gets <see cref="EndTimestamp"/> as an instant, or <see langword="null"/> when absent or out of range.</summary>
    public DateTimeOffset? EndTime => ToInstant(EndTimestamp);

    private static DateTimeOffset? ToInstant(ulong? seconds) =>
        seconds is { } s && s <= (ulong)DateTimeOffset.MaxValue.ToUnixTimeSeconds() ? DateTimeOffset.FromUnixTimeSeconds((long)s) : null;
}
