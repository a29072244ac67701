namespace Cocoa.Sdk.Runtime;

/// <summary>
/// Where an exposure check gets export files from: the notification server's download client (COCOA <c>list.json</c>
/// or Google <c>index.txt</c>), or <see cref="InMemoryExportFileSource"/> in tests and simulations.
/// </summary>
public interface IExportFileSource
{
    /// <summary>Lists the region's files published after <paramref name="afterCursor"/>, oldest first.</summary>
    /// <param name="region">The region.</param>
    /// <param name="afterCursor">The cursor of the last fully processed file, or <see langword="null"/> for all files.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The new files, in the order they must be processed.</returns>
    Task<IReadOnlyList<ExportFileReference>> ListFilesAsync(string region, string? afterCursor, CancellationToken cancellationToken);

    /// <summary>Opens one listed file for reading.</summary>
    /// <param name="file">A file returned by <see cref="ListFilesAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A readable stream of the zip; the caller disposes it.</returns>
    Task<Stream> OpenFileAsync(ExportFileReference file, CancellationToken cancellationToken);
}
