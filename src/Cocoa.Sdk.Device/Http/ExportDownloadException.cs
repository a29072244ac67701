namespace Cocoa.Sdk.Http;

/// <summary>Why an export list or file could not be downloaded.</summary>
public enum ExportDownloadError
{
    /// <summary>The list could not be fetched: the server was unreachable or answered with an error status (transient).</summary>
    ListUnavailable,

    /// <summary>The list is not valid <c>list.json</c> / <c>index.txt</c> content or is too large.</summary>
    MalformedList,

    /// <summary>A listed file could not be fetched after the retries (transient: the next check resumes at it).</summary>
    FileUnavailable,

    /// <summary>A listed file is gone for good (HTTP 404 or 410, e.g. deleted after its retention): skip it.</summary>
    FileGone,
}

/// <summary>An export list or file could not be downloaded or parsed.</summary>
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

    /// <summary>Gets whether trying again later may succeed (the server or network failed, not the content).</summary>
    public bool IsTransient => Error is ExportDownloadError.ListUnavailable or ExportDownloadError.FileUnavailable;
}
