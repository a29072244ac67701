namespace Cocoa.Sdk.Export;

/// <summary>The outcome of checking one signature of an export file.</summary>
public enum ExportSignatureStatus
{
    /// <summary>No trusted keys were given, so the signature was not checked.</summary>
    NotChecked = 0,

    /// <summary>The signature verifies with a trusted key whose id and version match.</summary>
    Valid,

    /// <summary>A trusted key matches the signature's id and version, but the signature does not verify.</summary>
    Invalid,

    /// <summary>No trusted key has the signature's key id and version.</summary>
    UnknownKey,

    /// <summary>The signature bytes are not a DER SEQUENCE of two INTEGERs.</summary>
    Malformed,

    /// <summary>The signature algorithm is not ECDSA with SHA-256 or SHA-512.</summary>
    UnsupportedAlgorithm,
}
