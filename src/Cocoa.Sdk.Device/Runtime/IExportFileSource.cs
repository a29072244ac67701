namespace Cocoa.Sdk.Runtime;

/// <summary>
/// Where an exposure check gets export files from: the notification server (<see cref="Http.ExportDownloadClient"/>, COCOA
/// <c>list.json</c> or Google <c>index.txt</c>) or <see cref="InMemoryExportFileSource"/> in tests and simulations.
/// </summary>
/// <remarks>
/// A source only lists and opens files. It does not buffer, verify or hash them: the runtime streams each opened file
/// through <see cref="Export.ExportFileReader"/> with the trusted keys of <see cref="ExposureNotificationOptions"/>, and
/// stores the cursor of a file only after its matches are committed.
/// </remarks>
public interface IExportFileSource
{
    /// <summary>Lists the region's files published after <paramref name="after"/>, oldest first.</summary>
    /// <param name="region">The region.</param>
    /// <param name="after">The stored cursor (<see cref="ExportCursor.Initial"/> the first time).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The new files and the cursor after all of them.</returns>
    Task<ExportFileListing> ListFilesAsync(string region, ExportCursor after, CancellationToken cancellationToken);

    /// <summary>Opens one listed file for reading; the content is streamed, not buffered by the source.</summary>
    /// <param name="file">A file returned by <see cref="ListFilesAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A readable stream of the zip; the caller disposes it.</returns>
    Task<Stream> OpenFileAsync(ExportFileReference file, CancellationToken cancellationToken);
}
