namespace Cocoa.Sdk.Export;

/// <summary>
/// Identifies the key that signed an export file (the protobuf <c>SignatureInfo</c>).
/// </summary>
/// <param name="KeyId">The verification key id (for Apple compatibility often the region's mobile country code, e.g. "440"), or <see langword="null"/> when absent.</param>
/// <param name="KeyVersion">The verification key version, e.g. "v1", or <see langword="null"/> when absent.</param>
/// <param name="Algorithm">The signature algorithm OID, normally <see cref="EcdsaSha256Oid"/>, or <see langword="null"/> when absent.</param>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record ExportSignatureInfo(string? KeyId, string? KeyVersion, string? Algorithm = ExportSignatureInfo.EcdsaSha256Oid)
{
    /// <summary>The OID of ECDSA with SHA-256 (<c>ecdsa-with-SHA256</c>), the algorithm of every GAEN export.</summary>
    public const string EcdsaSha256Oid = "1.2.840.10045.4.3.2";

    /// <summary>The OID of ECDSA with SHA-512 (<c>ecdsa-with-SHA512</c>), also accepted by Android.</summary>
    public const string EcdsaSha512Oid = "1.2.840.10045.4.3.4";
}
