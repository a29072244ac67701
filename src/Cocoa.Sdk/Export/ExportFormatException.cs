namespace Cocoa.Sdk.Export;

/// <summary>
/// An export file (zip, <c>export.bin</c> or <c>export.sig</c>) is malformed or its signature does not verify.
/// </summary>
/// <remarks>Every defect of the input is reported with this one exception type; <see cref="Error"/> says which kind,
/// <see cref="Exception.Message"/> says what exactly (entry, byte offset, key index).</remarks>
public sealed class ExportFormatException : Exception
{
    /// <summary>Creates an exception with the default message.</summary>
    public ExportFormatException()
        : this(ExportFormatError.MalformedExport, "The export file is malformed.")
    {
    }

    /// <summary>Creates an exception for a malformed export.</summary>
    /// <param name="message">What is wrong.</param>
    public ExportFormatException(string message)
        : this(ExportFormatError.MalformedExport, message)
    {
    }

    /// <summary>Creates an exception for a malformed export caused by another exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The underlying error.</param>
    public ExportFormatException(string message, Exception? innerException)
        : this(ExportFormatError.MalformedExport, message, innerException)
    {
    }

    /// <summary>Creates an exception of the given kind.</summary>
    /// <param name="error">The kind of defect.</param>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ExportFormatException(ExportFormatError error, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    /// <summary>Gets the kind of defect.</summary>
    public ExportFormatError Error { get; }
}
