using System.Security.Cryptography;

namespace Cocoa.Sdk.Export;

/// <summary>
/// The public keys an app trusts to sign export files, each optionally bound to a key id and version.
/// </summary>
/// <remarks>
/// <para>A signature is checked with every trusted key whose <c>KeyId</c> and <c>KeyVersion</c> equal the signature's
/// (ordinal comparison); a key added without id or version matches any id or version. A file is authentic when at least one
/// of its signatures verifies (several signatures allow key rotation).</para>
/// <para>Keys must be ECDSA P-256 (secp256r1), given as SubjectPublicKeyInfo (DER) or PEM <c>PUBLIC KEY</c>.</para>
/// </remarks>
/// <threadsafety>Add all keys before sharing the set; reading it from several threads is then safe.</threadsafety>
public sealed class ExportPublicKeySet
{
    private readonly List<TrustedKey> _keys = [];

    /// <summary>Gets the number of trusted keys.</summary>
    public int Count => _keys.Count;

    /// <summary>Creates a set holding one PEM public key that matches any key id and version.</summary>
    /// <param name="pem">A PEM <c>PUBLIC KEY</c> block.</param>
    /// <returns>The set.</returns>
    /// <exception cref="ArgumentException"><paramref name="pem"/> holds no P-256 public key.</exception>
    public static ExportPublicKeySet FromPem(string pem)
    {
        var set = new ExportPublicKeySet();
        set.AddPem(pem);
        return set;
    }

    /// <summary>Adds a key given as DER SubjectPublicKeyInfo.</summary>
    /// <param name="subjectPublicKeyInfo">The DER-encoded SubjectPublicKeyInfo of a P-256 key.</param>
    /// <param name="keyId">The <c>verification_key_id</c> this key signs with, or <see langword="null"/> to match any.</param>
    /// <param name="keyVersion">The <c>verification_key_version</c>, or <see langword="null"/> to match any.</param>
    /// <returns>This set.</returns>
    /// <exception cref="ArgumentException">The bytes are not a P-256 SubjectPublicKeyInfo.</exception>
    public ExportPublicKeySet Add(ReadOnlySpan<byte> subjectPublicKeyInfo, string? keyId = null, string? keyVersion = null)
    {
        byte[] spki = subjectPublicKeyInfo.ToArray();
        using (ECDsa probe = Import(spki))
        {
            // Import validates the encoding and the curve.
        }

        _keys.Add(new TrustedKey(spki, keyId, keyVersion));
        return this;
    }

    /// <summary>Adds a key given as PEM (<c>-----BEGIN PUBLIC KEY-----</c>).</summary>
    /// <param name="pem">The PEM text; the first <c>PUBLIC KEY</c> block is used.</param>
    /// <param name="keyId">The <c>verification_key_id</c> this key signs with, or <see langword="null"/> to match any.</param>
    /// <param name="keyVersion">The <c>verification_key_version</c>, or <see langword="null"/> to match any.</param>
    /// <returns>This set.</returns>
    /// <exception cref="ArgumentException">The text holds no P-256 public key.</exception>
    public ExportPublicKeySet AddPem(string pem, string? keyId = null, string? keyVersion = null)
    {
        ArgumentNullException.ThrowIfNull(pem);
        ReadOnlySpan<char> rest = pem;
        while (PemEncoding.TryFind(rest, out PemFields fields))
        {
            if (rest[fields.Label].SequenceEqual("PUBLIC KEY"))
            {
                byte[] der = Convert.FromBase64String(rest[fields.Base64Data].ToString());
                try
                {
                    return Add(der, keyId, keyVersion);
                }
                catch (ArgumentException ex)
                {
                    throw new ArgumentException($"Expected a P-256 public key, got {PemKeyDescription.Describe(rest.ToString())}.", nameof(pem), ex);
                }
            }

            rest = rest[fields.Location.End..];
        }

        throw new ArgumentException($"Expected a P-256 public key (PEM 'PUBLIC KEY'), got {PemKeyDescription.Describe(pem)}.", nameof(pem));
    }

    /// <summary>Adds a key given as base64 SubjectPublicKeyInfo (the form used in Android's and Apple's key configuration).</summary>
    /// <param name="base64">The base64 text.</param>
    /// <param name="keyId">The <c>verification_key_id</c>, or <see langword="null"/> to match any.</param>
    /// <param name="keyVersion">The <c>verification_key_version</c>, or <see langword="null"/> to match any.</param>
    /// <returns>This set.</returns>
    /// <exception cref="ArgumentException">The text is not base64 of a P-256 SubjectPublicKeyInfo.</exception>
    public ExportPublicKeySet AddBase64(string base64, string? keyId = null, string? keyVersion = null)
    {
        ArgumentNullException.ThrowIfNull(base64);
        byte[] der;
        try
        {
            der = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException ex)
        {
            throw new ArgumentException("The public key is not valid base64.", nameof(base64), ex);
        }

        return Add(der, keyId, keyVersion);
    }

    internal IEnumerable<byte[]> Match(string? keyId, string? keyVersion)
    {
        foreach (TrustedKey key in _keys)
        {
            if ((key.KeyId is null || string.Equals(key.KeyId, keyId, StringComparison.Ordinal))
                && (key.KeyVersion is null || string.Equals(key.KeyVersion, keyVersion, StringComparison.Ordinal)))
            {
                yield return key.SubjectPublicKeyInfo;
            }
        }
    }

    internal static ECDsa Import(byte[] spki)
    {
        ECDsa ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportSubjectPublicKeyInfo(spki, out int read);
            if (read != spki.Length)
            {
                throw new ArgumentException("Trailing bytes after the SubjectPublicKeyInfo.", nameof(spki));
            }

            ECParameters parameters = ecdsa.ExportParameters(false);
            if (!IsP256(parameters.Curve))
            {
                throw new ArgumentException("Export files are signed with ECDSA P-256; the key is on another curve.", nameof(spki));
            }

            return ecdsa;
        }
        catch (CryptographicException ex)
        {
            ecdsa.Dispose();
            throw new ArgumentException("The bytes are not an EC SubjectPublicKeyInfo: " + ex.Message, nameof(spki), ex);
        }
        catch
        {
            ecdsa.Dispose();
            throw;
        }
    }

    internal static bool IsP256(ECCurve curve) =>
        curve.IsNamed
        && (curve.Oid.Value == "1.2.840.10045.3.1.7"
            || curve.Oid.FriendlyName is "nistP256" or "ECDSA_P256" or "secp256r1" or "prime256v1");

    private sealed record TrustedKey(byte[] SubjectPublicKeyInfo, string? KeyId, string? KeyVersion);
}
