using System.IO.Compression;

namespace Cocoa.Sdk.Export;

/// <summary>Options for <see cref="ExportFileWriter"/>.</summary>
public sealed class ExportWriterOptions
{
    /// <summary>Gets or sets the deflate level of both zip entries (default <see cref="CompressionLevel.Optimal"/>).</summary>
    public CompressionLevel CompressionLevel { get; set; } = CompressionLevel.Optimal;

    internal static ExportWriterOptions Default { get; } = new();
}
