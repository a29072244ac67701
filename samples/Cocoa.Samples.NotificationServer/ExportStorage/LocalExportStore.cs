using System.Security.Cryptography;

namespace Cocoa.Samples.NotificationServer.ExportStorage;

/// <summary>
/// Export objects as files under <c>{data-dir}/exports/{container}</c>, served by the server itself (the single-machine
/// default). A write goes to a temporary file that is then renamed over the old one, so a reader or a crash never sees
/// half a file.
/// </summary>
internal sealed class LocalExportStore(string root, ExportLayout layout) : IExportStore
{
    private readonly string _root = Path.GetFullPath(root);

    public Uri? DirectBaseUrl => null;

    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_root);
        return Task.CompletedTask;
    }

    public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        string target = FullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        string temporary = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await file.WriteAsync(content, cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public async Task<ExportObject?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(FullPath(path), cancellationToken);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        string etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 16))}\"";
        return new ExportObject(content, etag, ExportLayout.ContentTypeOf(path), layout.CacheControlOf(path));
    }

    public Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        File.Delete(FullPath(path));
        return Task.CompletedTask;
    }

    // Paths come from ExportLayout (region codes are validated alphanumerics), never from a request.
    private string FullPath(string path) => Path.Combine(_root, path.Replace('/', Path.DirectorySeparatorChar));
}
