using System.Buffers.Binary;
using System.Security.Cryptography;
using Cocoa.Sdk.Internal;

namespace Cocoa.Sdk.Matching;

/// <summary>The SHA-256 of an export file, the key of <see cref="IMatchResultCache"/>.</summary>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly struct ExportFileHash : IEquatable<ExportFileHash>
{
    /// <summary>Length of the hash in bytes.</summary>
    public const int Length = 32;

    private readonly Buffer16 _first;
    private readonly Buffer16 _second;

    private ExportFileHash(ReadOnlySpan<byte> hash)
    {
        hash[..16].CopyTo(_first);
        hash[16..].CopyTo(_second);
    }

    /// <summary>Creates a hash from its 32 bytes.</summary>
    /// <param name="hash">Exactly 32 bytes.</param>
    /// <returns>The hash.</returns>
    /// <exception cref="ArgumentException"><paramref name="hash"/> is not 32 bytes long.</exception>
    public static ExportFileHash FromBytes(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != Length)
        {
            throw new ArgumentException($"A SHA-256 hash is {Length} bytes; got {hash.Length}.", nameof(hash));
        }

        return new ExportFileHash(hash);
    }

    /// <summary>Hashes file content.</summary>
    /// <param name="content">The whole file.</param>
    /// <returns>Its SHA-256.</returns>
    public static ExportFileHash Compute(ReadOnlySpan<byte> content)
    {
        Span<byte> hash = stackalloc byte[Length];
        SHA256.HashData(content, hash);
        return new ExportFileHash(hash);
    }

    /// <summary>Hashes a stream to its end.</summary>
    /// <param name="content">The file stream.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Its SHA-256.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="content"/> is null.</exception>
    public static async Task<ExportFileHash> ComputeAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        byte[] hash = await SHA256.HashDataAsync(content, cancellationToken).ConfigureAwait(false);
        return new ExportFileHash(hash);
    }

    /// <summary>Copies the 32 bytes to <paramref name="destination"/>.</summary>
    /// <param name="destination">At least 32 bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException("The destination must hold 32 bytes.", nameof(destination));
        }

        ((ReadOnlySpan<byte>)_first).CopyTo(destination);
        ((ReadOnlySpan<byte>)_second).CopyTo(destination[16..]);
    }

    /// <summary>Returns the hash as a new array.</summary>
    /// <returns>32 bytes.</returns>
    public byte[] ToArray()
    {
        byte[] bytes = new byte[Length];
        CopyTo(bytes);
        return bytes;
    }

    /// <inheritdoc/>
    public bool Equals(ExportFileHash other) =>
        ((ReadOnlySpan<byte>)_first).SequenceEqual(other._first) && ((ReadOnlySpan<byte>)_second).SequenceEqual(other._second);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ExportFileHash other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => BinaryPrimitives.ReadInt32LittleEndian(_first);

    /// <summary>Returns the hash as 64 lowercase hex digits.</summary>
    /// <returns>The hex text.</returns>
    public override string ToString() => Hex.ToLower(ToArray());

    /// <summary>Compares two hashes for equality.</summary>
    public static bool operator ==(ExportFileHash left, ExportFileHash right) => left.Equals(right);

    /// <summary>Compares two hashes for inequality.</summary>
    public static bool operator !=(ExportFileHash left, ExportFileHash right) => !left.Equals(right);
}
