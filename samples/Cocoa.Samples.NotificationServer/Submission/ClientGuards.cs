using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Cocoa.Sdk.Verification;

namespace Cocoa.Samples.NotificationServer.Submission;

/// <summary>
/// Counts failed verifications per client. Clients are identified by an HMAC of their address (an IPv6 client by its /64,
/// which one subscriber usually holds whole) under a random key kept in the database (<see cref="SecretName"/>), so every
/// instance gives a client the same id and no address is ever stored, logged or sent on: the same id is what the health
/// center receives to keep its own per-client limit. The counts live in the database too
/// (<see cref="SqlVerificationFailureCounter"/>), so the limit holds in total across instances.
/// </summary>
internal sealed class FailedVerificationLimiter(NotificationServerOptions options, IVerificationFailureCounter counter, ClientIdKey clientIdKey)
{
    /// <summary>The name of the client-id key in the database's <c>server_secrets</c>.</summary>
    public const string SecretName = "client-id-key";

    private readonly byte[] _key = clientIdKey.Key;

    public string ClientId(IPAddress? address)
    {
        Span<byte> bytes = stackalloc byte[16];
        int length = 0;
        if (address is not null)
        {
            IPAddress normal = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            normal.TryWriteBytes(bytes, out length);
            if (normal.AddressFamily == AddressFamily.InterNetworkV6)
            {
                bytes[8..].Clear();
            }
        }

        // URL-safe base64 of 32 bytes: 43 printable characters, a valid X-Client-Id.
        return Convert.ToBase64String(HMACSHA256.HashData(_key, bytes[..length])).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public async ValueTask<bool> IsBlockedAsync(string clientId, CancellationToken cancellationToken) =>
        await counter.GetRetryAfterAsync(clientId, options.MaxFailedVerifications, options.FailedVerificationWindow, cancellationToken) is not null;

    public ValueTask RecordFailureAsync(string clientId, CancellationToken cancellationToken) =>
        counter.RecordFailureAsync(clientId, options.MaxFailedVerifications, options.FailedVerificationWindow, cancellationToken);
}

/// <summary>The key of client ids, shared by every instance on one database.</summary>
/// <param name="Key">32 random bytes.</param>
internal sealed record ClientIdKey(byte[] Key);

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
