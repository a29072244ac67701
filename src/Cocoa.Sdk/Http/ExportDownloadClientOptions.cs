using Cocoa.Sdk.Export;

namespace Cocoa.Sdk.Http;

/// <summary>Settings of <see cref="ExportDownloadClient"/>.</summary>
public sealed class ExportDownloadClientOptions
{
    /// <summary>Gets or sets the root of the export server or CDN; lists are read from
    /// <c>{BaseAddress}/{Container}/{region}/list.json</c> (or <c>index.txt</c>). <see langword="null"/> uses the <see cref="HttpClient.BaseAddress"/>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>Gets or sets the container path segment (COCOA: <c>c19r</c>).</summary>
    public string Container { get; set; } = "c19r";

    /// <summary>Gets or sets the public keys trusted to sign export files (required unless <see cref="RequireValidSignature"/> is off).</summary>
    public ExportPublicKeySet? TrustedKeys { get; set; }

    /// <summary>Gets or sets whether files without a signature from <see cref="TrustedKeys"/> are rejected (default <see langword="true"/>).</summary>
    public bool RequireValidSignature { get; set; } = true;

    /// <summary>Gets or sets the largest accepted list, in bytes (default 4 MiB).</summary>
    public int MaxListBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Gets or sets the largest accepted export zip, in bytes (default 64 MiB).</summary>
    public int MaxFileBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Gets or sets how long one request may take (default 2 minutes).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
