namespace Cocoa.Sdk.Http;

/// <summary>
/// How far a device has processed a region's export files: the largest <c>created</c> value of <c>list.json</c> (COCOA's
/// <c>LastProcessTekTimestamp</c>), the last <c>index.txt</c> entry (Google's "last seen" method) and the list's ETag.
/// Persist it only after the files were handed to the matcher successfully.
/// </summary>
/// <param name="LastCreated">The largest <c>created</c> value processed (an opaque monotonic number; 0 = nothing yet).</param>
/// <param name="LastIndexEntry">The last processed <c>index.txt</c> entry, or <see langword="null"/>.</param>
/// <param name="ETag">The ETag of the list when everything in it was processed, for a conditional request next time.</param>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record ExportCursor(long LastCreated = 0, string? LastIndexEntry = null, string? ETag = null)
{
    /// <summary>Gets the cursor of a device that has processed nothing.</summary>
    public static ExportCursor Initial { get; } = new();
}
