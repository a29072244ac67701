using System.IO.Compression;
using System.Security.Cryptography;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Export.Internal.Protobuf;
using Google.Protobuf;
using ProtoKey = Cocoa.Sdk.Export.Internal.Protobuf.TemporaryExposureKey;
using TemporaryExposureKey = Cocoa.Sdk.Crypto.TemporaryExposureKey;

namespace Cocoa.Sdk.Benchmarks.Baselines;

/// <summary>
/// How export files are usually handled: the whole export.bin in a byte array, <c>ParseFrom</c> of the whole
/// Google.Protobuf message (every key an object), <c>VerifyData</c> over the array; writing builds the whole message.
/// </summary>
internal static class NaiveExportFile
{
    public static long ReadVerifyEnumerate(byte[] zip, byte[] publicKeySpki)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        byte[] bin = ReadEntry(archive, "export.bin");
        var signatures = TEKSignatureList.Parser.ParseFrom(ReadEntry(archive, "export.sig"));
        using ECDsa key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(publicKeySpki, out _);
        if (!key.VerifyData(bin, signatures.Signatures[0].Signature.ToByteArray(), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
        {
            throw new InvalidOperationException("signature");
        }

        return Enumerate(TemporaryExposureKeyExport.Parser.ParseFrom(bin.AsSpan(16)));
    }

    public static long Enumerate(TemporaryExposureKeyExport export)
    {
        long sum = 0;
        foreach (ProtoKey key in export.Keys)
        {
            var diagnosisKey = new DiagnosisKey(
                TemporaryExposureKey.FromBytes(key.KeyData.Span, new EnIntervalNumber((uint)key.RollingStartIntervalNumber), key.RollingPeriod),
                key.HasTransmissionRiskLevel ? key.TransmissionRiskLevel : null);
            sum += diagnosisKey.Key.RollingPeriod;
        }

        return sum;
    }

    public static byte[] WriteAndSign(IReadOnlyList<DiagnosisKey> keys, ECDsa signingKey)
    {
        var export = new TemporaryExposureKeyExport { StartTimestamp = 1, EndTimestamp = 2, Region = "440", BatchNum = 1, BatchSize = 1 };
        var info = new SignatureInfo { VerificationKeyId = "440", VerificationKeyVersion = "v1", SignatureAlgorithm = ExportSignatureInfo.EcdsaSha256Oid };
        export.SignatureInfos.Add(info);
        foreach (DiagnosisKey key in keys)
        {
            export.Keys.Add(new ProtoKey
            {
                KeyData = ByteString.CopyFrom(key.Key.ToKeyArray()),
                RollingStartIntervalNumber = (int)key.Key.RollingStartIntervalNumber.Value,
                RollingPeriod = key.Key.RollingPeriod,
                TransmissionRiskLevel = key.TransmissionRiskLevel ?? 0,
            });
        }

        byte[] bin = [.. "EK Export v1    "u8, .. export.ToByteArray()];
        var list = new TEKSignatureList();
        list.Signatures.Add(new TEKSignature
        {
            SignatureInfo = info,
            BatchNum = 1,
            BatchSize = 1,
            Signature = ByteString.CopyFrom(signingKey.SignData(bin, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)),
        });
        using var output = new MemoryStream();
        using (var archive = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            WriteEntry(archive, "export.bin", bin);
            WriteEntry(archive, "export.sig", list.ToByteArray());
        }

        return output.ToArray();
    }

    private static byte[] ReadEntry(ZipArchive archive, string name)
    {
        using Stream stream = archive.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static void WriteEntry(ZipArchive archive, string name, byte[] data)
    {
        using Stream stream = archive.CreateEntry(name, CompressionLevel.Optimal).Open();
        stream.Write(data);
    }
}
