using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace Cocoa.TestInfrastructure;

/// <summary>
/// A throw-away PostgreSQL server for one test process: <c>initdb</c> into a new temporary directory, <c>pg_ctl start</c>
/// on a free 127.0.0.1 port with a random password, <c>pg_ctl stop</c> and the directory removed when the process exits
/// (a detached watchdog does the same if the process dies without exiting cleanly). No system cluster, service or role
/// is touched. PostgreSQL refuses to run as root, so as root the server runs as the unprivileged user <c>nobody</c>
/// (through <c>runuser</c>), in a directory that user owns.
/// </summary>
internal sealed class PrivatePostgresServer
{
    private const string User = "cocoa";
    private const string UnprivilegedUser = "nobody";

    private readonly string[] _runAs;
    private readonly string _binDir;
    private readonly string _directory;

    private PrivatePostgresServer(string binDir, string[] runAs, string directory)
    {
        _binDir = binDir;
        _runAs = runAs;
        _directory = directory;
    }

    /// <summary>Connection string of the <c>postgres</c> database as the superuser <c>cocoa</c>.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>
    /// The directory holding <c>initdb</c> and <c>pg_ctl</c>: the one on PATH, else the newest
    /// <c>/usr/lib/postgresql/*/bin</c> (Debian does not put them on PATH); null when PostgreSQL is not installed.
    /// </summary>
    public static string? FindBinaries()
    {
        string? initdb = ExecutableSearch.OnPath("initdb");
        if (initdb is not null && ExecutableSearch.IsExecutable(Path.Combine(Path.GetDirectoryName(initdb)!, "pg_ctl")))
        {
            return Path.GetDirectoryName(initdb);
        }

        const string debian = "/usr/lib/postgresql";
        if (!Directory.Exists(debian))
        {
            return null;
        }

        return Directory.GetDirectories(debian)
            .Select(dir => (Version: int.TryParse(Path.GetFileName(dir), out int v) ? v : -1, Bin: Path.Combine(dir, "bin")))
            .Where(x => ExecutableSearch.IsExecutable(Path.Combine(x.Bin, "initdb")) && ExecutableSearch.IsExecutable(Path.Combine(x.Bin, "pg_ctl")))
            .OrderByDescending(x => x.Version)
            .Select(x => x.Bin)
            .FirstOrDefault();
    }

    /// <summary>Creates and starts the server; throws with PostgreSQL's own output when that fails.</summary>
    public static async Task<PrivatePostgresServer> StartAsync(string binDir)
    {
        string[] runAs = Environment.IsPrivilegedProcess ? ["runuser", "-u", UnprivilegedUser, "--"] : [];
        // As root the directory must be reachable by the unprivileged user, so it goes under /tmp rather than root's TMPDIR.
        string parent = runAs.Length > 0 ? "/tmp" : Path.GetTempPath();
        string directory = (await RunAsync(runAs, "mktemp", ["-d", Path.Combine(parent, "cocoa-pg-XXXXXX")]).ConfigureAwait(false)).Trim();
        string data = Path.Combine(directory, "data");
        string password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        string passwordFile = Path.Combine(directory, "password");
        await RunAsync(runAs, "sh", ["-c", "umask 077 && cat > \"$1\"", "sh", passwordFile], stdin: password + "\n").ConfigureAwait(false);
        await RunAsync(runAs, Path.Combine(binDir, "initdb"),
            ["-D", data, "-U", User, "--pwfile=" + passwordFile, "--auth=scram-sha-256", "--encoding=UTF8", "--no-locale", "--no-sync"]).ConfigureAwait(false);
        await RunAsync(runAs, "rm", ["-f", passwordFile]).ConfigureAwait(false);

        var server = new PrivatePostgresServer(binDir, runAs, directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        server.StartWatchdog();

        // A free port can be taken between choosing and binding it; try a few.
        for (int attempt = 1; ; attempt++)
        {
            int port = FreeLoopbackPort();
            string options = $"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories='{directory}' " +
                             "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
            try
            {
                await RunAsync(runAs, Path.Combine(binDir, "pg_ctl"),
                    ["-D", data, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "-o", options, "start"]).ConfigureAwait(false);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                continue;
            }

            server.ConnectionString = new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1", Port = port, Username = User, Password = password, Database = "postgres", Pooling = false,
            }.ConnectionString;
            return server;
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops the server at once and removes its directory (called on process exit).</summary>
    private void Stop()
    {
        try
        {
            RunAsync(_runAs, Path.Combine(_binDir, "pg_ctl"), ["-D", Path.Combine(_directory, "data"), "-w", "stop", "-m", "immediate"]).GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            // Not running (never started, or already stopped): nothing to stop.
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // The watchdog removes what is left.
        }
        catch (UnauthorizedAccessException)
        {
            // The watchdog removes what is left.
        }
    }

    /// <summary>
    /// A detached shell that waits for this process to end however it ends (crash, kill) and then stops the server and
    /// removes its directory, so nothing is left running.
    /// </summary>
    private void StartWatchdog()
    {
        string runAs = string.Join(' ', _runAs);
        string script =
            "exec </dev/null >/dev/null 2>&1; " +
            $"while [ -d /proc/{Environment.ProcessId} ]; do sleep 1; done; " +
            $"{runAs} '{Path.Combine(_binDir, "pg_ctl")}' -D '{Path.Combine(_directory, "data")}' -w stop -m immediate; " +
            $"rm -rf '{_directory}'";
        using Process watchdog = Process.Start(ServiceProcess.DetachedShell(script))!;
    }

    private static async Task<string> RunAsync(string[] runAs, string program, string[] arguments, string? stdin = null)
    {
        var start = new ProcessStartInfo(runAs.Length > 0 ? runAs[0] : program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in runAs.Skip(1).Append(runAs.Length > 0 ? program : null).OfType<string>().Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        string commandLine = string.Join(' ', start.ArgumentList.Prepend(start.FileName));
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{commandLine}: {e.Message}", e);
        }

        using (process)
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin).ConfigureAwait(false);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync().ConfigureAwait(false);
            string output = await stdout.ConfigureAwait(false);
            string errors = await stderr.ConfigureAwait(false);
            return process.ExitCode == 0
                ? output
                : throw new InvalidOperationException($"{commandLine} failed (exit {process.ExitCode}): {output}{errors}".TrimEnd());
        }
    }
}
