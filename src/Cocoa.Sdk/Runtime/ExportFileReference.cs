namespace Cocoa.Sdk.Runtime;

/// <summary>One published diagnosis-key export file (a zip with <c>export.bin</c> and <c>export.sig</c>) as listed by an <see cref="IExportFileSource"/>.</summary>
/// <param name="Region">The region it belongs to (COCOA: "440").</param>
/// <param name="Location">Where the source fetches it from (a URL or a name); never logged with anything identifying.</param>
/// <param name="Cursor">The value the region's cursor takes once this file is fully processed (COCOA: <c>created</c>; index.txt: the path).</param>
public sealed record ExportFileReference(string Region, string Location, string Cursor);
