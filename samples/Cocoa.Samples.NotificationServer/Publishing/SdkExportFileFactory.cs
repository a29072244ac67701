namespace Cocoa.Samples.NotificationServer.Publishing;

/// <summary>Writes export files with the library's export writer, signed with the server's key.</summary>
internal sealed class SdkExportFileFactory(SigningKey signingKey, NotificationServerOptions options) : IExportFileFactory
{
    public byte[] Write(ExportFileSpec spec) =>
        throw new NotSupportedException($"The export writer has not landed yet ({signingKey.PublicKeyPem.Length}, {options.SigningKeyId}).");
}
