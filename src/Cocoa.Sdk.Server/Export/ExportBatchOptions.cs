namespace Cocoa.Sdk.Export;

/// <summary>Options for <see cref="ExportBatcher"/> (defaults follow Google's reference server).</summary>
public sealed class ExportBatchOptions
{
    /// <summary>Gets or sets the region written to every file, e.g. "440" (default <see langword="null"/>: absent).</summary>
    public string? Region { get; set; }

    /// <summary>Gets or sets the most records (keys plus revised keys) per file (default 500,000).</summary>
    public int MaxRecordsPerFile { get; set; } = 500_000;

    /// <summary>
    /// Gets or sets the minimum key count: when fewer real keys are exported, random padding keys are added up to this
    /// count plus a random 0..<see cref="PaddingRange"/>-1 (default 1000; 0 disables padding).
    /// </summary>
    public int MinRecordsPerFile { get; set; } = 1000;

    /// <summary>Gets or sets the exclusive upper bound of the random extra padding (default 100).</summary>
    public int PaddingRange { get; set; } = 100;

    /// <summary>Gets or sets the key order within files (default <see cref="ExportKeyOrder.SortedByKeyData"/>).</summary>
    public ExportKeyOrder Order { get; set; } = ExportKeyOrder.SortedByKeyData;
}
