using System.Security.Cryptography;

namespace Cocoa.Samples.NotificationServer.Publishing;

/// <summary>
/// The ECDSA P-256 key that signs export files: read from <c>--signing-key</c> (PKCS#8 or SEC1 PEM) or generated into the
/// data dir on first start. The public key is written to <c>&lt;data dir&gt;/export-public.pem</c>.
/// </summary>
internal sealed class SigningKey : IDisposable
{
    private SigningKey(ECDsa key, string publicKeyPem)
    {
        Key = key;
        PublicKeyPem = publicKeyPem;
    }

    public ECDsa Key { get; }

    public string PublicKeyPem { get; }

    public static SigningKey LoadOrCreate(NotificationServerOptions options, ILogger logger)
    {
        string path = options.EffectiveSigningKeyPath;
        ECDsa key = ECDsa.Create();
        if (File.Exists(path))
        {
            key.ImportFromPem(File.ReadAllText(path));
            if (key.KeySize != 256)
            {
                key.Dispose();
                throw new OptionsException("The export signing key must be an ECDSA P-256 private key.");
            }
        }
        else if (options.SigningKeyPath is not null)
        {
            key.Dispose();
            throw new OptionsException("--signing-key names a file that does not exist.");
        }
        else
        {
            key.Dispose();
            key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            string temporary = path + ".tmp";
            File.WriteAllText(temporary, key.ExportPkcs8PrivateKeyPem());
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.Move(temporary, path, overwrite: false);
            logger.LogInformation("Generated a new export signing key in the data directory");
        }

        string publicPem = key.ExportSubjectPublicKeyInfoPem();
        if (!File.Exists(options.PublicKeyPath) || File.ReadAllText(options.PublicKeyPath) != publicPem)
        {
            File.WriteAllText(options.PublicKeyPath, publicPem);
        }

        return new SigningKey(key, publicPem);
    }

    public void Dispose() => Key.Dispose();
}
