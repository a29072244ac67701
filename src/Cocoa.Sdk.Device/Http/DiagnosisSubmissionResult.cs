using System.Net;

namespace Cocoa.Sdk.Http;

/// <summary>The typed result of <see cref="DiagnosisSubmissionClient"/>.</summary>
/// <param name="Status">What happened.</param>
/// <param name="StatusCode">The last HTTP status received, or <see langword="null"/> when no response arrived.</param>
/// <param name="Attempts">How many HTTP requests were sent (0 when the input was rejected locally).</param>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record DiagnosisSubmissionResult(DiagnosisSubmissionStatus Status, HttpStatusCode? StatusCode, int Attempts)
{
    /// <summary>Gets whether the keys were accepted.</summary>
    public bool IsAccepted => Status == DiagnosisSubmissionStatus.Accepted;
}
