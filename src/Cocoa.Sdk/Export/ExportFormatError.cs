namespace Cocoa.Sdk.Export;

/// <summary>Why an export file was rejected (see <see cref="ExportFormatException.Error"/>).</summary>
public enum ExportFormatError
{
    /// <summary>The input is not a readable zip archive.</summary>
    NotAZip = 1,

    /// <summary>A zip entry could not be decompressed (bad deflate data, checksum mismatch, bad local header).</summary>
    CorruptArchive,

    /// <summary>The archive lacks <c>export.bin</c> or <c>export.sig</c>.</summary>
    MissingEntry,

    /// <summary>The archive holds <c>export.bin</c> or <c>export.sig</c> more than once.</summary>
    DuplicateEntry,

    /// <summary>The archive holds an entry other than <c>export.bin</c> and <c>export.sig</c>.</summary>
    UnexpectedEntry,

    /// <summary>An entry or the archive exceeds the configured size limit.</summary>
    TooLarge,

    /// <summary><c>export.bin</c> does not start with the 16-byte header <c>"EK Export v1    "</c>.</summary>
    InvalidHeader,

    /// <summary><c>export.bin</c> is not a well-formed <c>TemporaryExposureKeyExport</c> message (truncated, garbage, bad wire types).</summary>
    MalformedExport,

    /// <summary>A key in <c>export.bin</c> is well-formed protobuf but invalid: key data not 16 bytes, rolling period outside
    /// 1..144, negative interval number, or metadata outside its range.</summary>
    InvalidKey,

    /// <summary><c>export.sig</c> is not a well-formed <c>TEKSignatureList</c> message.</summary>
    MalformedSignatureList,

    /// <summary><c>export.sig</c> holds no signature.</summary>
    MissingSignature,

    /// <summary>A signature is not a DER-encoded ECDSA signature (SEQUENCE of two INTEGERs).</summary>
    MalformedSignature,

    /// <summary>A signature names an algorithm other than ECDSA P-256 with SHA-256 or SHA-512.</summary>
    UnsupportedSignatureAlgorithm,

    /// <summary>No signature names a key id and version that is in the trusted key set.</summary>
    UnknownSigningKey,

    /// <summary>A signature by a trusted key does not verify: the file was altered or signed by another key.</summary>
    SignatureMismatch,
}
