using System.Security.Cryptography;

namespace Cocoa.Sdk.Export;

/// <summary>Says what a PEM text holds, so that a wrong key is reported as what it is ("got an RSA private key").</summary>
internal static class PemKeyDescription
{
    /// <summary>E.g. "an RSA private key (2048 bits)", "an EC public key on nistP384", "a PEM 'CERTIFICATE' block", "no PEM block".</summary>
    public static string Describe(string pem)
    {
        if (!PemEncoding.TryFind(pem, out PemFields fields))
        {
            return "no PEM block";
        }

        string label = pem[fields.Label];
        string kind = label.Contains("PRIVATE", StringComparison.Ordinal) ? "private key" : "public key";
        using (RSA rsa = RSA.Create())
        {
            if (TryImport(rsa, pem))
            {
                return $"an RSA {kind} ({rsa.KeySize} bits)";
            }
        }

        using (ECDsa ec = ECDsa.Create())
        {
            if (TryImport(ec, pem))
            {
                ECCurve curve = ec.ExportParameters(false).Curve;
                return $"an EC {kind} on {(curve.IsNamed ? curve.Oid.FriendlyName ?? curve.Oid.Value : "an explicit curve")}";
            }
        }

        return $"a PEM '{label}' block";
    }

    private static bool TryImport(AsymmetricAlgorithm key, string pem)
    {
        try
        {
            key.ImportFromPem(pem);
            return true;
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            return false;
        }
    }
}
