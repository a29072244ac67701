using System.Security.Cryptography;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;

namespace Cocoa.Sdk.Benchmarks.Export;

/// <summary>N random keys of the last 14 days with COCOA-like metadata, a P-256 signing key, and the signed zip.</summary>
internal sealed class ExportWorkload
{
    public ExportWorkload(int count)
    {
        var random = new Random(2026);
        byte[] data = new byte[16];
        Keys = new DiagnosisKey[count];
        for (int i = 0; i < count; i++)
        {
            random.NextBytes(data);
            Keys[i] = new DiagnosisKey(
                TemporaryExposureKey.FromBytes(data, new EnIntervalNumber(2_937_600 + (uint)(i % 14 * 144))),
                4,
                ReportType.ConfirmedTest,
                (i % 15) - 7);
        }

        Array.Sort(Keys, (a, b) => a.Key.ToKeyHex().CompareTo(b.Key.ToKeyHex(), StringComparison.Ordinal));
        Signer = ExportSigningKey.FromECDsa(SigningEcdsa, "440", "v1");
        Content = new ExportFileContent(new ExportBatchInfo(1_764_000_000, 1_764_086_400, "440"), Keys, []);
        using var output = new MemoryStream();
        ExportFileWriter.WriteAsync(output, Content, [Signer]).GetAwaiter().GetResult();
        Zip = output.ToArray();
        ExportBin = ExportFileWriter.EncodeExportBin(Content, [Signer.Info]);
        PublicKey = SigningEcdsa.ExportSubjectPublicKeyInfo();
        Trusted = new ExportReaderOptions { TrustedKeys = new ExportPublicKeySet().Add(PublicKey, "440", "v1") };
    }

    public ECDsa SigningEcdsa { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public DiagnosisKey[] Keys { get; }

    public ExportSigningKey Signer { get; }

    public ExportFileContent Content { get; }

    public byte[] Zip { get; }

    public byte[] ExportBin { get; }

    public byte[] PublicKey { get; }

    public ExportReaderOptions Trusted { get; }
}
