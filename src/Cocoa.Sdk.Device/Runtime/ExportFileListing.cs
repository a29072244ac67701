namespace Cocoa.Sdk.Runtime;

/// <summary>The files of a region published after a cursor, as returned by <see cref="IExportFileSource.ListFilesAsync"/>.</summary>
/// <param name="Files">The new files, in the order they must be processed (oldest first).</param>
/// <param name="Cursor">The cursor once every file in <paramref name="Files"/> is processed; it also carries the list's ETag.</param>
/// <param name="NotModified">Whether the list was unchanged since the cursor's ETag (an HTTP 304; <paramref name="Files"/> is empty).</param>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record ExportFileListing(IReadOnlyList<ExportFileReference> Files, ExportCursor Cursor, bool NotModified = false);
