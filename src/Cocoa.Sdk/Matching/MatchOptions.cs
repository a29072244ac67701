namespace Cocoa.Sdk.Matching;

/// <summary>Options of <see cref="ExposureMatcher"/>.</summary>
/// <threadsafety>Instances are immutable after initialization and thread-safe.</threadsafety>
public sealed class MatchOptions
{
    /// <summary>Gets the default options: no RSSI correction, all cores.</summary>
    public static MatchOptions Default { get; } = new();

    /// <summary>Gets the receiving device's RSSI correction in dB (Google's calibration table), added to every RSSI.</summary>
    public int RssiCorrectionDb { get; init; }

    /// <summary>Gets the number of worker threads; 0 (the default) uses <see cref="Environment.ProcessorCount"/>.</summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>Gets the number of keys handed to a worker at a time (default 4096); bounds memory together with the worker count.</summary>
    public int ChunkSize { get; init; } = 4096;

    internal int EffectiveParallelism =>
        MaxDegreeOfParallelism <= 0 ? Environment.ProcessorCount : Math.Min(MaxDegreeOfParallelism, 256);
}
