namespace Cocoa.Sdk.Export;

/// <summary>
/// One signature from <c>export.sig</c> (a <c>TEKSignature</c>) and the result of checking it.
/// </summary>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class ExportSignature
{
    private readonly byte[] _signature;

    internal ExportSignature(ExportSignatureInfo info, int? batchNum, int? batchSize, byte[] signature, ExportSignatureStatus status)
    {
        Info = info;
        BatchNum = batchNum;
        BatchSize = batchSize;
        _signature = signature;
        Status = status;
    }

    /// <summary>Gets the key id, version and algorithm of the signature (fields absent in the file are <see langword="null"/>).</summary>
    public ExportSignatureInfo Info { get; }

    /// <summary>Gets the batch number stored with the signature (ignored by phones), or <see langword="null"/>.</summary>
    public int? BatchNum { get; }

    /// <summary>Gets the batch size stored with the signature (ignored by phones), or <see langword="null"/>.</summary>
    public int? BatchSize { get; }

    /// <summary>Gets the DER-encoded signature bytes.</summary>
    public ReadOnlyMemory<byte> Signature => _signature;

    /// <summary>Gets the result of checking the signature against the trusted keys.</summary>
    public ExportSignatureStatus Status { get; }
}
