using Cocoa.Sdk.Export;

namespace Cocoa.Sdk.Http;

/// <summary>An export file that was downloaded and opened successfully (signature verified when trusted keys are configured).</summary>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class DownloadedExport
{
    private readonly ExportReaderOptions _readerOptions;

    internal DownloadedExport(
        string region, Uri url, long created, string? indexEntry, byte[] content, byte[] sha256, ExportBatchInfo batch, long keyCount, bool signatureVerified, ExportReaderOptions readerOptions)
    {
        Region = region;
        Url = url;
        Created = created;
        IndexEntry = indexEntry;
        Content = content;
        Sha256 = sha256;
        Batch = batch;
        KeyCount = keyCount;
        SignatureVerified = signatureVerified;
        _readerOptions = readerOptions;
    }

    /// <summary>Gets the region the file was listed for.</summary>
    public string Region { get; }

    /// <summary>Gets where the file was downloaded from.</summary>
    public Uri Url { get; }

    /// <summary>Gets the list's <c>created</c> value (0 for files found through <c>index.txt</c>).</summary>
    public long Created { get; }

    /// <summary>Gets the <c>index.txt</c> entry, or <see langword="null"/> for files found through <c>list.json</c>.</summary>
    public string? IndexEntry { get; }

    /// <summary>Gets the zip bytes.</summary>
    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>Gets the SHA-256 of the zip bytes (to skip files already matched).</summary>
    public ReadOnlyMemory<byte> Sha256 { get; }

    /// <summary>Gets the file's batch fields (time window, region).</summary>
    public ExportBatchInfo Batch { get; }

    /// <summary>Gets the number of keys in the file.</summary>
    public long KeyCount { get; }

    /// <summary>Gets whether a signature verified with a trusted key.</summary>
    public bool SignatureVerified { get; }

    /// <summary>Opens the file for reading its keys (e.g. to hand them to the matcher).</summary>
    /// <returns>A reader; dispose it after use.</returns>
    public ExportFileReader OpenReader() => ExportFileReader.Open(new MemoryStream(Content.ToArray(), writable: false), _readerOptions);

    /// <summary>Reads all keys of the file.</summary>
    /// <returns>The keys in file order.</returns>
    public IReadOnlyList<DiagnosisKey> ReadKeys()
    {
        using ExportFileReader reader = OpenReader();
        return [.. reader.ReadKeys()];
    }
}

/// <summary>A listed file that was downloaded but is not a valid export (or its signature did not verify); it is skipped for good.</summary>
/// <param name="Url">Where it was listed.</param>
/// <param name="Created">Its <c>created</c> value (0 for <c>index.txt</c>).</param>
/// <param name="Error">Why it was rejected, or <see langword="null"/> when the server no longer has the file (HTTP 404/410).</param>
/// <param name="Message">A description.</param>
public sealed record RejectedExport(Uri Url, long Created, ExportFormatError? Error, string Message);

/// <summary>What <see cref="ExportDownloadClient"/> fetched in one call.</summary>
/// <param name="Files">New valid files, oldest first.</param>
/// <param name="Rejected">New files that were malformed or not signed by a trusted key.</param>
/// <param name="Cursor">The cursor after these files; persist it once they were processed.</param>
/// <param name="NotModified">The list was unchanged since the cursor's ETag (HTTP 304).</param>
/// <param name="Complete">Every new file was fetched; <see langword="false"/> when a download failed and the next call resumes there.</param>
public sealed record ExportDownloadResult(
    IReadOnlyList<DownloadedExport> Files,
    IReadOnlyList<RejectedExport> Rejected,
    ExportCursor Cursor,
    bool NotModified,
    bool Complete);

/// <summary>Why the list of export files could not be read.</summary>
public enum ExportDownloadError
{
    /// <summary>The server could not be reached or answered with an error status.</summary>
    ListUnavailable,

    /// <summary>The list is not valid <c>list.json</c> / <c>index.txt</c> content or is too large.</summary>
    MalformedList,
}

/// <summary>The export list could not be fetched or parsed.</summary>
public sealed class ExportDownloadException : Exception
{
    /// <summary>Creates an exception.</summary>
    public ExportDownloadException()
        : this(ExportDownloadError.ListUnavailable, "The export list could not be downloaded.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">The message.</param>
    public ExportDownloadException(string message)
        : this(ExportDownloadError.ListUnavailable, message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ExportDownloadException(string message, Exception? innerException)
        : this(ExportDownloadError.ListUnavailable, message, innerException)
    {
    }

    /// <summary>Creates an exception of a kind.</summary>
    /// <param name="error">What went wrong.</param>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ExportDownloadException(ExportDownloadError error, string message, Exception? innerException = null)
        : base(message, innerException) => Error = error;

    /// <summary>Gets what went wrong.</summary>
    public ExportDownloadError Error { get; }
}
