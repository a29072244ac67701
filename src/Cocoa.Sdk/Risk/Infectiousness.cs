namespace Cocoa.Sdk.Risk;

/// <summary>How infectious the owner of a diagnosis key was on the key's day (Exposure Notification v2).</summary>
public enum Infectiousness
{
    /// <summary>Not infectious: exposures to such keys are dropped.</summary>
    None = 0,

    /// <summary>Standard infectiousness.</summary>
    Standard = 1,

    /// <summary>High infectiousness.</summary>
    High = 2,
}
