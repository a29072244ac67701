using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Cocoa.Samples.NotificationServer.Submission;

/// <summary>
/// Counts failed verifications per client in memory only. Clients are identified by an HMAC of their address under a
/// per-process random key, so no address is ever stored or logged.
/// </summary>
internal sealed class FailedVerificationLimiter(NotificationServerOptions options, TimeProvider timeProvider)
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, Queue<long>> _failures = new(StringComparer.Ordinal);

    public string ClientId(string? address) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(address ?? "unknown")));

    public bool IsBlocked(string clientId)
    {
        if (!_failures.TryGetValue(clientId, out Queue<long>? queue))
        {
            return false;
        }

        lock (queue)
        {
            Trim(queue);
            return queue.Count >= options.MaxFailedVerifications;
        }
    }

    public void RecordFailure(string clientId)
    {
        Queue<long> queue = _failures.GetOrAdd(clientId, _ => new Queue<long>());
        lock (queue)
        {
            Trim(queue);
            queue.Enqueue(timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        }

        if (_failures.Count > 100_000)
        {
            foreach (var (id, q) in _failures)
            {
                lock (q)
                {
                    Trim(q);
                    if (q.Count == 0)
                    {
                        _failures.TryRemove(id, out _);
                    }
                }
            }
        }
    }

    private void Trim(Queue<long> queue)
    {
        long cutoff = timeProvider.GetUtcNow().ToUnixTimeMilliseconds() - (long)options.FailedVerificationWindow.TotalMilliseconds;
        while (queue.Count > 0 && queue.Peek() < cutoff)
        {
            queue.Dequeue();
        }
    }
}

/// <summary>
/// Remembers how long real submissions took so that chaff requests can be answered after a delay drawn from the same
/// distribution (capped), making them indistinguishable in timing.
/// </summary>
internal sealed class ChaffTimer(NotificationServerOptions options)
{
    private readonly long[] _recentTicks = new long[64];
    private int _count;
    private int _next;

    public void RecordReal(TimeSpan elapsed)
    {
        lock (_recentTicks)
        {
            _recentTicks[_next] = elapsed.Ticks;
            _next = (_next + 1) % _recentTicks.Length;
            _count = Math.Min(_count + 1, _recentTicks.Length);
        }
    }

    public TimeSpan NextDelay()
    {
        long ticks;
        lock (_recentTicks)
        {
            ticks = _count == 0
                ? TimeSpan.FromMilliseconds(RandomNumberGenerator.GetInt32(20, 200)).Ticks
                : _recentTicks[RandomNumberGenerator.GetInt32(_count)];
        }

        return TimeSpan.FromTicks(Math.Min(ticks, options.ChaffMaxLatency.Ticks));
    }
}
