namespace Cocoa.Sdk.Runtime;

/// <summary>One published diagnosis-key export file (a zip with <c>export.bin</c> and <c>export.sig</c>) as listed by an <see cref="IExportFileSource"/>.</summary>
/// <param name="Region">The region it belongs to (COCOA: "440").</param>
/// <param name="Location">Where the source fetches it from (a URL or a name); it identifies a server file, never a person.</param>
/// <param name="Cursor">The region's cursor once this file (and every file listed before it) is processed.</param>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record ExportFileReference(string Region, string Location, ExportCursor Cursor);
