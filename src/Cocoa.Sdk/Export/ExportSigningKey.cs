using System.Security.Cryptography;

namespace Cocoa.Sdk.Export;

/// <summary>
/// A server's ECDSA P-256 private key for signing export files, with the key id and version phones know it by.
/// </summary>
/// <remarks>
/// <para>The key can be loaded from PEM or be any <see cref="ECDsa"/> instance, including one backed by an HSM or a cloud
/// KMS (only <see cref="ECDsa.SignHash(byte[])"/> is called). Signatures are DER-encoded over SHA-256 of the whole
/// <c>export.bin</c>, algorithm <see cref="ExportSignatureInfo.EcdsaSha256Oid"/>.</para>
/// <para>Key id and version must match <c>[A-Za-z0-9_]+</c>; for Apple compatibility the key id is usually the region's
/// mobile country code ("440" for Japan).</para>
/// </remarks>
/// <threadsafety>Signing with one instance from several threads is as safe as the underlying <see cref="ECDsa"/>.</threadsafety>
public sealed class ExportSigningKey : IDisposable
{
    private readonly bool _ownsKey;

    private ExportSigningKey(ECDsa key, bool ownsKey, string keyId, string keyVersion)
    {
        ValidateName(keyId, nameof(keyId));
        ValidateName(keyVersion, nameof(keyVersion));
        if (key.KeySize != 256)
        {
            throw new ArgumentException("Export files are signed with ECDSA P-256; the key has " + key.KeySize + " bits.", nameof(key));
        }

        Key = key;
        _ownsKey = ownsKey;
        Info = new ExportSignatureInfo(keyId, keyVersion, ExportSignatureInfo.EcdsaSha256Oid);
    }

    /// <summary>Gets the signing key.</summary>
    public ECDsa Key { get; }

    /// <summary>Gets the signature info written for this key.</summary>
    public ExportSignatureInfo Info { get; }

    /// <summary>Loads a key from PEM (<c>EC PRIVATE KEY</c>, <c>PRIVATE KEY</c>, as made by <c>openssl ecparam -genkey -name prime256v1</c>).</summary>
    /// <param name="pem">The PEM text.</param>
    /// <param name="keyId">The <c>verification_key_id</c>.</param>
    /// <param name="keyVersion">The <c>verification_key_version</c>.</param>
    /// <returns>A signing key that owns (and disposes) the loaded <see cref="ECDsa"/>.</returns>
    /// <exception cref="ArgumentException">The PEM holds no P-256 private key, or the id or version is invalid.</exception>
    public static ExportSigningKey FromPem(string pem, string keyId, string keyVersion)
    {
        ArgumentNullException.ThrowIfNull(pem);
        ECDsa key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (!ExportPublicKeySet.IsP256(key.ExportParameters(false).Curve))
            {
                throw new CryptographicException("Not a P-256 key.");
            }

            _ = key.ExportParameters(true);
            return new ExportSigningKey(key, ownsKey: true, keyId, keyVersion);
        }
        catch (Exception ex) when (ex is CryptographicException || (ex is ArgumentException arg && arg.ParamName is not (nameof(keyId) or nameof(keyVersion))))
        {
            // Not an EC P-256 private key (ImportFromPem throws ArgumentException when it finds no key at all): say what it is.
            key.Dispose();
            throw new ArgumentException($"Expected an EC P-256 private key (export files are signed with ECDSA P-256), got {PemKeyDescription.Describe(pem)}.", nameof(pem), ex);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Wraps an existing key (e.g. an HSM- or KMS-backed <see cref="ECDsa"/>); the caller keeps ownership.</summary>
    /// <param name="key">A P-256 key able to sign.</param>
    /// <param name="keyId">The <c>verification_key_id</c>.</param>
    /// <param name="keyVersion">The <c>verification_key_version</c>.</param>
    /// <returns>The signing key.</returns>
    /// <exception cref="ArgumentException">The key is not 256 bits, or the id or version is invalid.</exception>
    public static ExportSigningKey FromECDsa(ECDsa key, string keyId, string keyVersion)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new ExportSigningKey(key, ownsKey: false, keyId, keyVersion);
    }

    /// <summary>Returns the public key as DER SubjectPublicKeyInfo, for publishing to phones.</summary>
    /// <returns>The SubjectPublicKeyInfo bytes.</returns>
    public byte[] ExportSubjectPublicKeyInfo() => Key.ExportSubjectPublicKeyInfo();

    /// <summary>Returns the public key as PEM <c>PUBLIC KEY</c>.</summary>
    /// <returns>The PEM text.</returns>
    public string ExportSubjectPublicKeyInfoPem() => Key.ExportSubjectPublicKeyInfoPem();

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsKey)
        {
            Key.Dispose();
        }
    }

    internal byte[] SignDigest(byte[] sha256) => Key.SignHash(sha256, DSASignatureFormat.Rfc3279DerSequence);

    private static void ValidateName(string value, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);
        foreach (char c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                throw new ArgumentException($"'{value}' may contain only A-Z, a-z, 0-9 and '_'.", name);
            }
        }
    }
}
