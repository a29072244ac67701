namespace Cocoa.Sdk.Runtime;

/// <summary>
/// The outcome for one UTC day on which this device was near someone who later registered a positive result. It carries
/// only the date and aggregate figures: not the time of day, the place, or who it was.
/// </summary>
/// <param name="Date">The UTC date of the contact.</param>
/// <param name="IsHighRisk">Whether the configured risk rule (COCOA: about 1 m for 15 minutes or more) is met.</param>
/// <param name="ScoreSum">The day's weighted exposure score.</param>
/// <param name="ScanSeconds">The day's summed seconds since last scan of matched scan instances.</param>
public sealed record ExposureDay(DateOnly Date, bool IsHighRisk, double ScoreSum, int ScanSeconds);
