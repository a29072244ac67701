using System.Security.Cryptography;
using System.Text;

namespace Cocoa.Samples.HealthCenter.Api;

/// <summary>Small helpers for hostile-input-safe request handling.</summary>
public static class RequestGuards
{
    /// <summary>Compares a presented secret with the configured one in constant time (hashing hides the length).</summary>
    public static bool SecretEquals(string? presented, string expected)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > 1024)
        {
            return false;
        }

        Span<byte> a = stackalloc byte[32];
        Span<byte> b = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), a);
        SHA256.HashData(Encoding.UTF8.GetBytes(expected), b);
        return CryptographicOperations.FixedTimeEquals(a, b);
    }

    /// <summary>Reads the whole body if it is at most <paramref name="limit"/> bytes; null when larger or unreadable.</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        byte[] buffer = new byte[limit + 1];
        int total = 0;
        try
        {
            int read;
            while (total < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
            {
                total += read;
            }
        }
        catch (BadHttpRequestException)
        {
            return null;
        }

        return total > limit ? null : buffer.AsSpan(0, total).ToArray();
    }

    /// <summary>
    /// Whether a JSON endpoint may read the request: its body is declared <c>application/json</c> (or <c>+json</c>), or
    /// it has neither body nor content type. A browser sends <c>text/plain</c>, form and untyped bodies cross-site without
    /// asking first, so those are refused with 415.
    /// </summary>
    public static bool HasJsonBody(HttpRequest request)
    {
        if (!string.IsNullOrEmpty(request.ContentType))
        {
            return request.HasJsonContentType();
        }

        bool hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        return !hasBody;
    }

    /// <summary>A patient id is 32 lowercase hex digits.</summary>
    public static bool IsPatientId(string? id) =>
        id is { Length: 32 } && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
