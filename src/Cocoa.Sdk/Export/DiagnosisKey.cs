using Cocoa.Sdk.Crypto;

namespace Cocoa.Sdk.Export;

/// <summary>
/// A published diagnosis key: the temporary exposure key of a person who tested positive, with the metadata the
/// export file carries for it.
/// </summary>
/// <param name="Key">The key and its validity (rolling start and period).</param>
/// <param name="TransmissionRiskLevel">The transmission risk level (0..8), or <see langword="null"/> when absent.</param>
/// <param name="ReportType">The report type, or <see langword="null"/> when absent.</param>
/// <param name="DaysSinceOnsetOfSymptoms">Days from symptom onset (or test) to the key's day (-14..14), or <see langword="null"/> when absent.</param>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly record struct DiagnosisKey(
    TemporaryExposureKey Key,
    int? TransmissionRiskLevel = null,
    ReportType? ReportType = null,
    int? DaysSinceOnsetOfSymptoms = null);
