namespace Cocoa.Sdk.Export;

/// <summary>How a diagnosis was confirmed (the export file's <c>report_type</c>, Exposure Notification v1.5+).</summary>
public enum ReportType
{
    /// <summary>Not set.</summary>
    Unknown = 0,

    /// <summary>Confirmed by a laboratory test (COCOA's only type).</summary>
    ConfirmedTest = 1,

    /// <summary>Confirmed by a clinical diagnosis.</summary>
    ConfirmedClinicalDiagnosis = 2,

    /// <summary>Reported by the user without confirmation.</summary>
    SelfReport = 3,

    /// <summary>Reserved by the protocol (recursive report).</summary>
    Recursive = 4,

    /// <summary>A previously published key that was revoked.</summary>
    Revoked = 5,
}
