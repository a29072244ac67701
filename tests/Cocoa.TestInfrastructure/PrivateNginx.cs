using System.Globalization;

namespace Cocoa.TestInfrastructure;

/// <summary>
/// A throw-away nginx (Debian's, installed by <c>.ci/setup-nginx.sh</c>) for one test, run as the current user in the
/// foreground with a temporary prefix (configuration, cache, temp files, logs) and a free 127.0.0.1 port; stopped and
/// removed when disposed or when the test process ends. Tests that need it are marked <c>[Requires(MachineDependency.Nginx)]</c>.
/// </summary>
public sealed class PrivateNginx : IAsyncDisposable
{
    /// <summary>Variable naming the nginx executable, or <c>off</c> to skip the CDN tests.</summary>
    public const string Variable = "COCOA_NGINX";

    private readonly ServiceProcess _process;

    private PrivateNginx(ServiceProcess process, int port, string directory)
    {
        _process = process;
        Port = port;
        Directory = directory;
    }

    /// <summary>The listening port.</summary>
    public int Port { get; }

    /// <summary>The base URL, <c>http://127.0.0.1:{port}</c>.</summary>
    public Uri BaseUrl => new($"http://127.0.0.1:{Port}");

    /// <summary>The temporary prefix (its <c>cache</c> folder is the proxy cache).</summary>
    public string Directory { get; }

    /// <summary>Why the CDN tests cannot run here (one line saying how to enable them), or null when they can.</summary>
    public static string? Unavailable() =>
        Environment.GetEnvironmentVariable(Variable) == "off"
            ? $"nginx tests off ({Variable}=off)"
            : Executable() is null
                ? $"needs nginx: apt-get install nginx (or bash .ci/setup-nginx.sh; tests start a private one as the current user) or set {Variable}=<path of nginx>"
                : null;

    /// <summary>
    /// Starts nginx with a <c>server { … }</c> block from <paramref name="serverTemplate"/>, in which <c>{{LISTEN}}</c>,
    /// <c>{{CACHE_DIR}}</c> and the <paramref name="values"/> are replaced; throws with nginx's output when it does not come up.
    /// </summary>
    public static async Task<PrivateNginx> StartAsync(string serverTemplate, IReadOnlyDictionary<string, string> values)
    {
        string executable = Executable() ?? throw new InvalidOperationException(Unavailable());
        for (int attempt = 1; ; attempt++)
        {
            string directory = System.IO.Directory.CreateTempSubdirectory("cocoa-nginx-").FullName;
            foreach (string sub in new[] { "cache", "temp", "logs" })
            {
                System.IO.Directory.CreateDirectory(Path.Combine(directory, sub));
            }

            // As root the workers run as nobody: they must be able to write the cache and temp folders.
            if (Environment.IsPrivilegedProcess && !OperatingSystem.IsWindows())
            {
                foreach (string dir in new[] { directory, Path.Combine(directory, "cache"), Path.Combine(directory, "temp") })
                {
                    File.SetUnixFileMode(dir, (UnixFileMode)Convert.ToInt32("777", 8));
                }
            }

            int port = ServiceProcess.FreeLoopbackPort();
            string server = serverTemplate
                .Replace("{{LISTEN}}", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal)
                .Replace("{{CACHE_DIR}}", Path.Combine(directory, "cache"), StringComparison.Ordinal);
            foreach ((string name, string value) in values)
            {
                server = server.Replace("{{" + name + "}}", value, StringComparison.Ordinal);
            }

            string temp = Path.Combine(directory, "temp");
            string config =
                $"{(Environment.IsPrivilegedProcess ? "user nobody nogroup;" : "")}\n" +
                "worker_processes 1;\n" +
                $"pid {Path.Combine(directory, "nginx.pid")};\n" +
                $"error_log {Path.Combine(directory, "logs", "error.log")} warn;\n" +
                "events { worker_connections 1024; }\n" +
                "http {\n" +
                "  access_log off;\n" +
                $"  client_body_temp_path {temp}/body; proxy_temp_path {temp}/proxy; fastcgi_temp_path {temp}/fastcgi;\n" +
                $"  uwsgi_temp_path {temp}/uwsgi; scgi_temp_path {temp}/scgi;\n" +
                server + "\n}\n";
            string configFile = Path.Combine(directory, "nginx.conf");
            await File.WriteAllTextAsync(configFile, config).ConfigureAwait(false);
            ServiceProcess process = ServiceProcess.Start(
                executable,
                ["-p", directory, "-c", configFile, "-e", Path.Combine(directory, "logs", "error.log"), "-g", "daemon off;"],
                Path.Combine(directory, "logs", "stdout.log"),
                ownedDirectory: directory);
            try
            {
                await process.WaitForPortAsync(port, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                return new PrivateNginx(process, port, directory);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                await process.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>nginx's error log so far (for failure messages).</summary>
    public string ErrorLog()
    {
        string path = Path.Combine(Directory, "logs", "error.log");
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    /// <summary>Stops nginx and removes its prefix.</summary>
    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static string? Executable() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured && configured != "off"
            ? (File.Exists(configured) ? configured : null)
            : ExecutableSearch.OnPath("nginx") ?? (ExecutableSearch.IsExecutable("/usr/sbin/nginx") ? "/usr/sbin/nginx" : null);
}
