// Keyed hash of a processing number, so that a health-center system can look numbers up without storing them.

using System.Security.Cryptography;

namespace Cocoa.Sdk.Verification;

/// <summary>
/// Computes HMAC-SHA256 of a processing number under a server secret. Store and compare only this hash: it identifies a
/// live number without revealing it, and without the secret the 10⁸ possible numbers cannot be enumerated.
/// </summary>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed class ProcessingNumberHasher
{
    /// <summary>Size of a hash in bytes.</summary>
    public const int HashSize = HMACSHA256.HashSizeInBytes;

    /// <summary>Minimum secret size in bytes.</summary>
    public const int MinimumKeySize = 16;

    private readonly byte[] _key;

    /// <summary>Creates a hasher with the given secret.</summary>
    /// <param name="key">The server secret, at least <see cref="MinimumKeySize"/> bytes (32 random bytes recommended).</param>
    /// <exception cref="ArgumentException">The key is shorter than <see cref="MinimumKeySize"/>.</exception>
    public ProcessingNumberHasher(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinimumKeySize)
        {
            throw new ArgumentException($"The key must be at least {MinimumKeySize} bytes.", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>Creates a new random 32-byte secret.</summary>
    /// <returns>The secret.</returns>
    public static byte[] GenerateKey() => RandomNumberGenerator.GetBytes(32);

    /// <summary>Computes the hash of <paramref name="number"/>.</summary>
    /// <param name="number">A valid processing number.</param>
    /// <param name="destination">Receives <see cref="HashSize"/> bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="number"/> is the default value or <paramref name="destination"/> is too small.</exception>
    public void ComputeHash(ProcessingNumber number, Span<byte> destination)
    {
        if (number.Value is null)
        {
            throw new ArgumentException("The processing number is not set.", nameof(number));
        }

        if (destination.Length < HashSize)
        {
            throw new ArgumentException($"The destination must hold {HashSize} bytes.", nameof(destination));
        }

        Span<byte> digits = stackalloc byte[ProcessingNumber.Length];
        for (int i = 0; i < digits.Length; i++)
        {
            digits[i] = (byte)number.Value[i];
        }

        HMACSHA256.HashData(_key, digits, destination);
        CryptographicOperations.ZeroMemory(digits);
    }

    /// <summary>Computes the hash of <paramref name="number"/>.</summary>
    /// <param name="number">A valid processing number.</param>
    /// <returns>A new array of <see cref="HashSize"/> bytes.</returns>
    /// <exception cref="ArgumentException"><paramref name="number"/> is the default value.</exception>
    public byte[] ComputeHash(ProcessingNumber number)
    {
        byte[] hash = new byte[HashSize];
        ComputeHash(number, hash);
        return hash;
    }
}
