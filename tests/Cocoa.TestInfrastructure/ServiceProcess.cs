using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Cocoa.TestInfrastructure;

/// <summary>
/// A server program (Azurite, nginx, a notification server instance) run by a test as the current user: started under a
/// small supervising shell that also stops it and removes its temporary directory when the test process ends however it
/// ends, so nothing is left running. <see cref="Kill"/> sends SIGKILL to the program itself (a crash), <see cref="DisposeAsync"/>
/// stops it.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _supervisor;
    private readonly string _pidFile;
    private readonly string? _directory;

    private ServiceProcess(Process supervisor, string pidFile, string? directory, string logFile)
    {
        _supervisor = supervisor;
        _pidFile = pidFile;
        _directory = directory;
        LogFile = logFile;
    }

    /// <summary>The program's standard output and error.</summary>
    public string LogFile { get; }

    /// <summary>
    /// Starts <paramref name="program"/> with <paramref name="arguments"/> (and <paramref name="environment"/>); its output goes
    /// to <paramref name="logFile"/>; <paramref name="ownedDirectory"/>, when given, is removed after it stops.
    /// </summary>
    public static ServiceProcess Start(string program, IEnumerable<string> arguments, string logFile, string? ownedDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        string pidFile = logFile + ".pid";
        // The shell starts the program in the background, records its pid, and waits while both the test process and the
        // program live; then it stops the program (TERM, then KILL) and removes the owned directory.
        string script =
            "\"$@\" >>\"$COCOA_SERVICE_LOG\" 2>&1 </dev/null & child=$!; echo $child > \"$COCOA_SERVICE_PID\"; " +
            "trap 'kill $child 2>/dev/null' TERM; " +
            $"while [ -d /proc/{Environment.ProcessId} ] && kill -0 $child 2>/dev/null; do sleep 0.2; done; " +
            "kill $child 2>/dev/null; i=0; while kill -0 $child 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done; kill -9 $child 2>/dev/null; " +
            "wait $child 2>/dev/null; " +
            "if [ -n \"$COCOA_SERVICE_DIR\" ]; then rm -rf \"$COCOA_SERVICE_DIR\"; fi";
        ProcessStartInfo start = DetachedShell(script);
        start.ArgumentList.Add("service");
        start.ArgumentList.Add(program);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["COCOA_SERVICE_LOG"] = logFile;
        start.Environment["COCOA_SERVICE_PID"] = pidFile;
        start.Environment["COCOA_SERVICE_DIR"] = ownedDirectory ?? "";
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        File.Delete(pidFile);
        return new ServiceProcess(Process.Start(start)!, pidFile, ownedDirectory, logFile);
    }

    /// <summary>Whether the program still runs.</summary>
    public bool HasExited => _supervisor.HasExited;

    /// <summary>The program's output so far (for failure messages).</summary>
    public string Log() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";

    /// <summary>Waits until <paramref name="port"/> on 127.0.0.1 accepts connections; throws with the program's output if it exits first.</summary>
    public async Task WaitForPortAsync(int port, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"the program exited before listening on {port}: {Log()}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
                return;
            }
            catch (SocketException) when (clock.Elapsed < timeout)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw new InvalidOperationException($"nothing listens on {port} after {timeout.TotalSeconds:F0} s ({e.SocketErrorCode}): {Log()}", e);
            }
        }
    }

    /// <summary>Sends SIGKILL to the program (as a crash would end it) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (int.TryParse(await File.ReadAllTextAsync(_pidFile).ConfigureAwait(false), out int pid))
        {
            try
            {
                using Process child = Process.GetProcessById(pid);
                child.Kill(entireProcessTree: false);
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }

        await _supervisor.WaitForExitAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// <c>sh -c <paramref name="script"/></c> in a session of its own (through <c>setsid</c> where it exists), so a watchdog
    /// script outlives a test host that is killed and can clean up after it; extra arguments become <c>$0</c>, <c>$1</c>, ….
    /// </summary>
    public static ProcessStartInfo DetachedShell(string script)
    {
        var start = new ProcessStartInfo(ExecutableSearch.OnPath("setsid") is null ? "sh" : "setsid")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (start.FileName == "setsid")
        {
            start.ArgumentList.Add("sh");
        }

        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        return start;
    }

    /// <summary>A free TCP port on 127.0.0.1 (another program may still take it before it is bound).</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops the program and removes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_supervisor.HasExited)
        {
            // SIGTERM to the supervising shell: its trap stops the program, then it removes the directory and exits.
            using (var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", _supervisor.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { RedirectStandardError = true }))
            {
                await term!.WaitForExitAsync().ConfigureAwait(false);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _supervisor.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _supervisor.Kill(entireProcessTree: true);
            }
        }

        _supervisor.Dispose();
        if (File.Exists(_pidFile))
        {
            File.Delete(_pidFile);
        }

        if (_directory is not null && Directory.Exists(_directory))
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
