using Cocoa.Sdk.Runtime;
using Cocoa.Sdk.Simulation;
using Cocoa.Sdk.Tests.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Cocoa.Sdk.Tests.Runtime;

/// <summary>A fake clock, a simulated air and temporary databases for runtime tests.</summary>
internal sealed class RuntimeHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly List<ExposureNotificationClient> _clients = [];

    public RuntimeHarness(int seed = 20260301, PathLossModel? model = null)
    {
        Time = new FakeTimeProvider(Start);
        Air = new SimulatedAir(Time, seed, model);
    }

    public FakeTimeProvider Time { get; }

    /// <summary>Gets or sets whether clients fsync every commit (the production default; slow for long simulations).</summary>
    public bool Durable { get; set; }

    public SimulatedAir Air { get; }

    public TempDatabase Files { get; } = new();

    public ListLogger Logger { get; } = new();

    public ExposureNotificationClient CreateClient(
        SimulatedDevice device, IExportFileSource? source = null, Action<ExposureNotificationOptions>? configure = null, IExposureDetectedHandler? handler = null)
    {
        ExposureNotificationClient client = device.CreateClient(
            o =>
            {
                o.DatabasePath = Files.PathFor(device.Name + ".db");
                o.AllowUnverifiedExports = true;
                o.DurableWrites = Durable;
                configure?.Invoke(o);
            },
            source,
            Logger,
            handler is null ? null : [handler]);
        _clients.Add(client);
        return client;
    }

    /// <summary>Advances the fake clock in small steps so every timer fires close to its due time.</summary>
    public void Advance(TimeSpan total, TimeSpan? step = null)
    {
        TimeSpan s = step ?? TimeSpan.FromSeconds(5);
        DateTimeOffset end = Time.GetUtcNow() + total;
        while (Time.GetUtcNow() + s <= end)
        {
            Time.Advance(s);
        }

        TimeSpan rest = end - Time.GetUtcNow();
        if (rest > TimeSpan.Zero)
        {
            Time.Advance(rest);
        }
    }

    public void AdvanceTo(DateTimeOffset time, TimeSpan? step = null) => Advance(time - Time.GetUtcNow(), step);

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        Files.Dispose();
    }
}

/// <summary>Collects every log line, with its arguments and exceptions, to check nothing secret is logged.</summary>
internal sealed class ListLogger : ILogger<ExposureNotificationClient>
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) { return _lines.ToArray(); } }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        string values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
        lock (_lines)
        {
            _lines.Add($"{logLevel} {formatter(state, exception)} [{values}] {exception}");
        }
    }
}
