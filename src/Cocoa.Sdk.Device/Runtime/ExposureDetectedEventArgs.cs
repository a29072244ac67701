namespace Cocoa.Sdk.Runtime;

/// <summary>Raised once for each new high-risk day found by an exposure check.</summary>
public sealed class ExposureDetectedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="day">The high-risk day.</param>
    /// <param name="guidance">The text to show the user.</param>
    public ExposureDetectedEventArgs(ExposureDay day, ExposureGuidance guidance)
    {
        ArgumentNullException.ThrowIfNull(day);
        ArgumentNullException.ThrowIfNull(guidance);
        Day = day;
        Guidance = guidance;
    }

    /// <summary>Gets the day (date only: no time of day, place or person).</summary>
    public ExposureDay Day { get; }

    /// <summary>Gets the guidance to show: contact a testing outpatient clinic or call center; testing is free.</summary>
    public ExposureGuidance Guidance { get; }
}
