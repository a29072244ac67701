namespace Cocoa.Sdk.Runtime;

/// <summary>A listed export file that an exposure check could not use; it is skipped for good and the check goes on.</summary>
/// <param name="Region">The region it was listed for.</param>
/// <param name="Location">Where it was listed (a server URL or name).</param>
/// <param name="Reason">Why: the reader's error kind and message (malformed, not signed by a trusted key, too large), or that the server no longer has it.</param>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record RejectedExportFile(string Region, string Location, string Reason);
