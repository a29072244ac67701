namespace Cocoa.Sdk.Risk;

/// <summary>One scan of an <see cref="ExposureWindow"/>: the attenuations heard during the scan and the time it stands for.</summary>
/// <param name="TypicalAttenuationDb">The mean attenuation of the sightings in the scan, rounded half up, in dB.</param>
/// <param name="MinAttenuationDb">The smallest attenuation in the scan, in dB.</param>
/// <param name="SecondsSinceLastScan">Seconds since the previous scan, a multiple of 60 capped at 300 (120 when no previous scan is known).</param>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly record struct ScanInstance(int TypicalAttenuationDb, int MinAttenuationDb, int SecondsSinceLastScan);
