using System.IO.Compression;
using System.Security.Cryptography;
using Cocoa.Sdk.Export;
using Google.Protobuf;
using Proto = Cocoa.Sdk.Export.Internal.Protobuf;

namespace Cocoa.Sdk.Tests.Runtime;

/// <summary>Builds signed export zips (export.bin + export.sig) for runtime tests.</summary>
internal static class TestExports
{
    public static byte[] Create(IEnumerable<DiagnosisKey> keys, ECDsa signingKey, string region = "440", string keyId = "440", string keyVersion = "v1")
    {
        var info = new Proto.SignatureInfo { VerificationKeyId = keyId, VerificationKeyVersion = keyVersion, SignatureAlgorithm = "1.2.840.10045.4.3.2" };
        var export = new Proto.TemporaryExposureKeyExport { Region = region, BatchNum = 1, BatchSize = 1, StartTimestamp = 0, EndTimestamp = 0 };
        export.SignatureInfos.Add(info);
        foreach (DiagnosisKey key in keys)
        {
            var k = new Proto.TemporaryExposureKey
            {
                KeyData = ByteString.CopyFrom(key.Key.ToKeyArray()),
                RollingStartIntervalNumber = (int)key.Key.RollingStartIntervalNumber.Value,
                RollingPeriod = key.Key.RollingPeriod,
                TransmissionRiskLevel = key.TransmissionRiskLevel ?? 4,
                ReportType = Proto.TemporaryExposureKey.Types.ReportType.ConfirmedTest,
            };
            if (key.DaysSinceOnsetOfSymptoms is int dsos)
            {
                k.DaysSinceOnsetOfSymptoms = dsos;
            }

            export.Keys.Add(k);
        }

        byte[] bin = [.. "EK Export v1    "u8.ToArray(), .. export.ToByteArray()];
        var signatures = new Proto.TEKSignatureList();
        signatures.Signatures.Add(new Proto.TEKSignature
        {
            SignatureInfo = info,
            BatchNum = 1,
            BatchSize = 1,
            Signature = ByteString.CopyFrom(signingKey.SignData(bin, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)),
        });

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var s = zip.CreateEntry("export.bin").Open())
            {
                s.Write(bin);
            }

            using (var s = zip.CreateEntry("export.sig").Open())
            {
                signatures.WriteTo(s);
            }
        }

        return buffer.ToArray();
    }

    public static ExportPublicKeySet TrustedKeys(ECDsa signingKey) => new ExportPublicKeySet().Add(signingKey.ExportSubjectPublicKeyInfo());
}
