namespace Cocoa.Sdk.Simulation.Detection;

/// <summary>Where both people carry their phones during a simulated contact.</summary>
public enum CarryingPosition
{
    /// <summary>In the hand or on a table: no extra loss (the conditions of the measurements behind the distance model).</summary>
    Hand = 0,

    /// <summary>In a trouser or jacket pocket.</summary>
    Pocket = 1,

    /// <summary>In a bag.</summary>
    Bag = 2,
}
