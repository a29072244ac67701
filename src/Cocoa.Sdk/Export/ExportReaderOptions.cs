namespace Cocoa.Sdk.Export;

/// <summary>Options for <see cref="ExportFileReader"/>.</summary>
public sealed class ExportReaderOptions
{
    /// <summary>Gets or sets the keys trusted to sign export files; <see langword="null"/> (the default) skips signature checks.</summary>
    public ExportPublicKeySet? TrustedKeys { get; set; }

    /// <summary>
    /// Gets or sets whether opening fails unless a signature verifies with a <see cref="TrustedKeys"/> key (default
    /// <see langword="true"/>; ignored when <see cref="TrustedKeys"/> is <see langword="null"/>). When
    /// <see langword="false"/>, the outcome is only reported in <see cref="ExportFileReader.Signatures"/>.
    /// </summary>
    public bool RequireValidSignature { get; set; } = true;

    /// <summary>
    /// Gets or sets whether zip entries other than <c>export.bin</c> and <c>export.sig</c> are ignored instead of rejected
    /// (default <see langword="false"/>: Android rejects such files; some servers add e.g. <c>content.sig</c>).
    /// </summary>
    public bool AllowAdditionalEntries { get; set; }

    /// <summary>Gets or sets the largest accepted decompressed <c>export.bin</c>, in bytes (default 256 MiB, about 8 million keys).</summary>
    public long MaxExportBinLength { get; set; } = 256L * 1024 * 1024;

    /// <summary>Gets or sets the largest accepted decompressed <c>export.sig</c>, in bytes (default 64 KiB).</summary>
    public long MaxSignatureFileLength { get; set; } = 64 * 1024;

    /// <summary>
    /// Gets or sets the directory for temporary files, or <see langword="null"/> for <see cref="Path.GetTempPath"/>: the copy
    /// of a non-seekable input stream (e.g. an HTTP response; deleted once the reader is open) and the copy of an
    /// <c>export.bin</c> larger than 1 MiB (deleted when the reader is disposed).
    /// </summary>
    public string? TemporaryDirectory { get; set; }

    internal static ExportReaderOptions Default { get; } = new();
}
