using System.Globalization;

namespace Cocoa.Sdk.Runtime;

/// <summary>
/// An in-process export file source: files published with <see cref="Publish"/> are listed in publication order, with a
/// monotonically increasing sequence number per source as the cursor. For tests, samples and simulations without a server.
/// </summary>
/// <threadsafety>All members are thread-safe.</threadsafety>
public sealed class InMemoryExportFileSource : IExportFileSource
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<(long Sequence, byte[] Content)>> _files = new(StringComparer.Ordinal);
    private long _sequence;

    /// <summary>Publishes an export file.</summary>
    /// <param name="region">The region.</param>
    /// <param name="exportZip">The zip bytes (copied).</param>
    /// <returns>The reference under which the file is listed.</returns>
    public ExportFileReference Publish(string region, ReadOnlySpan<byte> exportZip)
    {
        ArgumentException.ThrowIfNullOrEmpty(region);
        lock (_lock)
        {
            long sequence = ++_sequence;
            if (!_files.TryGetValue(region, out var list))
            {
                list = [];
                _files.Add(region, list);
            }

            list.Add((sequence, exportZip.ToArray()));
            return Reference(region, sequence);
        }
    }

    /// <inheritdoc/>
    public Task<ExportFileListing> ListFilesAsync(string region, ExportCursor after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(after);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            List<ExportFileReference> files = _files.TryGetValue(region, out var list)
                ? list.Where(f => f.Sequence > after.LastCreated).Select(f => Reference(region, f.Sequence)).ToList()
                : [];
            return Task.FromResult(new ExportFileListing(files, files.Count > 0 ? files[^1].Cursor : after));
        }
    }

    /// <inheritdoc/>
    /// <exception cref="FileNotFoundException">The file is not in this source.</exception>
    public Task<Stream> OpenFileAsync(ExportFileReference file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (_files.TryGetValue(file.Region, out var list))
            {
                foreach (var f in list)
                {
                    if (f.Sequence == file.Cursor.LastCreated)
                    {
                        return Task.FromResult<Stream>(new MemoryStream(f.Content, writable: false));
                    }
                }
            }
        }

        throw new FileNotFoundException($"No export file {file.Location} in the in-memory source.");
    }

    private static ExportFileReference Reference(string region, long sequence) =>
        new(region, string.Create(CultureInfo.InvariantCulture, $"{region}/{sequence}.zip"), new ExportCursor(sequence));
}
