namespace Cocoa.TestInfrastructure;

/// <summary>
/// A throw-away Azurite (the Azure Storage emulator, npm package <c>azurite</c>, installed by <c>.ci/setup-azurite.sh</c>)
/// for one test: its blob service on a free 127.0.0.1 port with a new temporary location, stopped and removed when disposed
/// or when the test process ends. Tests that need it are marked <c>[Requires(MachineDependency.Azurite)]</c>.
/// </summary>
public sealed class PrivateAzurite : IAsyncDisposable
{
    /// <summary>Variable naming the <c>azurite-blob</c> executable, or <c>off</c> to skip the blob-store tests.</summary>
    public const string Variable = "COCOA_AZURITE";

    /// <summary>Azurite's documented development account.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's documented development account key (public; it only works against the emulator).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly ServiceProcess _process;

    private PrivateAzurite(ServiceProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The blob service's port.</summary>
    public int Port { get; }

    /// <summary>The blob endpoint, <c>http://127.0.0.1:{port}/devstoreaccount1</c>.</summary>
    public Uri BlobEndpoint => new($"http://127.0.0.1:{Port}/{AccountName}");

    /// <summary>A connection string for <c>--blob-connection-string</c>.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint};";

    /// <summary>Why the blob-store tests cannot run here (one line saying how to enable them), or null when they can.</summary>
    public static string? Unavailable() =>
        Environment.GetEnvironmentVariable(Variable) == "off"
            ? $"Azurite tests off ({Variable}=off)"
            : Executable() is null
                ? $"needs Azurite: npm install -g azurite@3.37.0 (or bash .ci/setup-azurite.sh; tests start a private one) or set {Variable}=<path of azurite-blob>"
                : null;

    /// <summary>Starts Azurite's blob service; throws with its output when it does not come up.</summary>
    public static async Task<PrivateAzurite> StartAsync()
    {
        string executable = Executable() ?? throw new InvalidOperationException(Unavailable());
        for (int attempt = 1; ; attempt++)
        {
            string directory = Directory.CreateTempSubdirectory("cocoa-azurite-").FullName;
            int port = ServiceProcess.FreeLoopbackPort();
            ServiceProcess process = ServiceProcess.Start(
                executable,
                ["--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                 "--location", Path.Combine(directory, "data"),
                 "--skipApiVersionCheck", "--disableProductStyleUrl", "--silent"],
                Path.Combine(directory, "azurite.log"),
                ownedDirectory: directory);
            try
            {
                await process.WaitForPortAsync(port, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
                return new PrivateAzurite(process, port);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                await process.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Stops Azurite and removes its data.</summary>
    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static string? Executable() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured && configured != "off"
            ? (File.Exists(configured) ? configured : null)
            : ExecutableSearch.OnPath("azurite-blob");
}
