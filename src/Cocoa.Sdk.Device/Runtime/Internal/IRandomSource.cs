using System.Security.Cryptography;

namespace Cocoa.Sdk.Runtime.Internal;

/// <summary>Randomness for schedule jitter (rotation and scan timing). Production uses the CSPRNG so timing cannot be predicted.</summary>
internal interface IRandomSource
{
    /// <summary>Returns a value in [0, 1).</summary>
    double NextDouble();
}

/// <summary>CSPRNG-backed jitter.</summary>
internal sealed class CryptoRandomSource : IRandomSource
{
    public static CryptoRandomSource Instance { get; } = new();

    public double NextDouble() => RandomNumberGenerator.GetInt32(int.MaxValue) / (double)int.MaxValue;
}

/// <summary>Seeded jitter for deterministic simulations.</summary>
internal sealed class SeededRandomSource(int seed) : IRandomSource
{
    private readonly Random _random = new(seed);
    private readonly Lock _lock = new();

    public double NextDouble()
    {
        lock (_lock)
        {
            return _random.NextDouble();
        }
    }
}
