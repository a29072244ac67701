using System.Formats.Asn1;
using System.Security.Cryptography;
using Cocoa.Sdk.Export.Internal.Protobuf;

namespace Cocoa.Sdk.Export.Internal;

/// <summary>Parses export.sig and checks its signatures against digests of export.bin.</summary>
internal static class ExportSignatureVerifier
{
    public static TEKSignatureList ParseSignatureList(byte[] bytes)
    {
        try
        {
            return TEKSignatureList.Parser.ParseFrom(bytes);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException ex)
        {
            throw new ExportFormatException(ExportFormatError.MalformedSignatureList, "export.sig is not a valid TEKSignatureList: " + ex.Message, ex);
        }
    }

    public static HashAlgorithmName? HashFor(string? algorithm) => algorithm switch
    {
        null or "" or ExportSignatureInfo.EcdsaSha256Oid => HashAlgorithmName.SHA256,
        ExportSignatureInfo.EcdsaSha512Oid => HashAlgorithmName.SHA512,
        _ => null,
    };

    public static ExportSignatureInfo ToInfo(SignatureInfo? info) =>
        info is null
            ? new ExportSignatureInfo(null, null, null)
            : new ExportSignatureInfo(
                info.HasVerificationKeyId ? info.VerificationKeyId : null,
                info.HasVerificationKeyVersion ? info.VerificationKeyVersion : null,
                info.HasSignatureAlgorithm ? info.SignatureAlgorithm : null);

    /// <summary>Checks one signature; <paramref name="digest"/> returns the digest of export.bin for a hash algorithm.</summary>
    public static ExportSignatureStatus Check(ExportSignatureInfo info, byte[] signature, ExportPublicKeySet trusted, Func<HashAlgorithmName, byte[]> digest)
    {
        List<byte[]> candidates = trusted.Match(info.KeyId, info.KeyVersion).ToList();
        if (candidates.Count == 0)
        {
            return ExportSignatureStatus.UnknownKey;
        }

        if (HashFor(info.Algorithm) is not { } hashAlgorithm)
        {
            return ExportSignatureStatus.UnsupportedAlgorithm;
        }

        if (!IsDerEcdsaSignature(signature))
        {
            return ExportSignatureStatus.Malformed;
        }

        byte[] hash = digest(hashAlgorithm);
        foreach (byte[] spki in candidates)
        {
            using ECDsa key = ExportPublicKeySet.Import(spki);
            if (key.VerifyHash(hash, signature, DSASignatureFormat.Rfc3279DerSequence))
            {
                return ExportSignatureStatus.Valid;
            }
        }

        return ExportSignatureStatus.Invalid;
    }

    /// <summary>Turns the statuses of all signatures into the error to report when none is valid.</summary>
    public static ExportFormatException Failure(IReadOnlyList<ExportSignature> signatures)
    {
        if (signatures.Count == 0)
        {
            return new ExportFormatException(ExportFormatError.MissingSignature, "export.sig holds no signature.");
        }

        string Describe(ExportSignature s) => $"key id '{s.Info.KeyId}' version '{s.Info.KeyVersion}'";
        if (signatures.FirstOrDefault(s => s.Status == ExportSignatureStatus.Invalid) is { } invalid)
        {
            return new ExportFormatException(
                ExportFormatError.SignatureMismatch,
                $"The signature by {Describe(invalid)} does not verify: export.bin was altered or signed with another key.");
        }

        if (signatures.FirstOrDefault(s => s.Status == ExportSignatureStatus.Malformed) is { } malformed)
        {
            return new ExportFormatException(
                ExportFormatError.MalformedSignature,
                $"The signature by {Describe(malformed)} is not a DER-encoded ECDSA signature (SEQUENCE of two INTEGERs).");
        }

        if (signatures.FirstOrDefault(s => s.Status == ExportSignatureStatus.UnsupportedAlgorithm) is { } unsupported)
        {
            return new ExportFormatException(
                ExportFormatError.UnsupportedSignatureAlgorithm,
                $"The signature by {Describe(unsupported)} uses the unsupported algorithm '{unsupported.Info.Algorithm}'.");
        }

        return new ExportFormatException(
            ExportFormatError.UnknownSigningKey,
            "No signature is by a trusted key; the file is signed by " + string.Join(", ", signatures.Select(Describe)) + ".");
    }

    internal static bool IsDerEcdsaSignature(ReadOnlySpan<byte> signature)
    {
        try
        {
            var reader = new AsnReader(signature.ToArray(), AsnEncodingRules.DER);
            AsnReader sequence = reader.ReadSequence();
            ReadOnlyMemory<byte> r = sequence.ReadIntegerBytes();
            ReadOnlyMemory<byte> s = sequence.ReadIntegerBytes();
            sequence.ThrowIfNotEmpty();
            reader.ThrowIfNotEmpty();
            return r.Span[0] < 0x80 && s.Span[0] < 0x80 && r.Length <= 33 && s.Length <= 33;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }
}
