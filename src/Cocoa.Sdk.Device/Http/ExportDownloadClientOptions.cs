namespace Cocoa.Sdk.Http;

/// <summary>The kind of list a notification server publishes per region.</summary>
public enum ExportListFormat
{
    /// <summary>COCOA's <c>{container}/{region}/list.json</c> (<c>[{"region","url","created"}]</c>).</summary>
    CocoaListJson = 0,

    /// <summary>Google's <c>{container}/{region}/index.txt</c> (one file path per line).</summary>
    IndexTxt = 1,
}

/// <summary>Settings of <see cref="ExportDownloadClient"/>.</summary>
public sealed class ExportDownloadClientOptions
{
    /// <summary>Gets or sets the root of the export server or CDN; lists are read from
    /// <c>{BaseAddress}/{Container}/{region}/list.json</c> (or <c>index.txt</c>). <see langword="null"/> uses the <see cref="HttpClient.BaseAddress"/>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>Gets or sets the container path segment (COCOA: <c>c19r</c>).</summary>
    public string Container { get; set; } = "c19r";

    /// <summary>Gets or sets the list format the server publishes (default COCOA's <c>list.json</c>).</summary>
    public ExportListFormat ListFormat { get; set; } = ExportListFormat.CocoaListJson;

    /// <summary>Gets or sets the largest accepted list, in bytes (default 4 MiB).</summary>
    public int MaxListBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Gets or sets the largest accepted export zip, in bytes (default 64 MiB).</summary>
    public long MaxFileBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Gets or sets how long one attempt may take to get the response headers (default 2 minutes).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets how many times a request is tried when the network or server fails (default 4; 1 = no retry).</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Gets or sets the delay before the first retry; later retries back off exponentially, with jitter (default 5 s).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);
}
