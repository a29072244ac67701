namespace Cocoa.Sdk.Matching;

/// <summary>
/// The outcome of one export file in <see cref="ExposureMatcher.MatchExportFilesAsync"/>: its matches once it has been read
/// to the end and its signature checked, or the reason it was rejected (then nothing of it is reported).
/// </summary>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed class ExportFileMatchResult
{
    internal ExportFileMatchResult(int fileIndex, MatchResult? result, ReadOnlyMemory<byte> exportBinSha256, Exception? error)
    {
        FileIndex = fileIndex;
        Result = result;
        ExportBinSha256 = exportBinSha256;
        Error = error;
    }

    /// <summary>Gets the file's 0-based position in the list that was matched.</summary>
    public int FileIndex { get; }

    /// <summary>Gets whether the file was read, verified and matched (<see cref="Result"/> is set).</summary>
    public bool Succeeded => Error is null;

    /// <summary>
    /// Gets the file's matches (input indexes count from the file's first key), or <see langword="null"/> when the file was
    /// rejected.
    /// </summary>
    public MatchResult? Result { get; }

    /// <summary>Gets the SHA-256 digest of the file's <c>export.bin</c> (header included); empty when the file was rejected.</summary>
    public ReadOnlyMemory<byte> ExportBinSha256 { get; }

    /// <summary>
    /// Gets why the file was rejected, or <see langword="null"/>: <see cref="Export.ExportFormatException"/> for a malformed or
    /// unauthentic file, otherwise what opening its stream threw (e.g. <see cref="IOException"/>).
    /// </summary>
    public Exception? Error { get; }
}
