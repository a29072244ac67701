namespace Cocoa.Sdk.Simulation.Detection;

/// <summary>One kind of contact to simulate: two people at a fixed distance for a time, optionally with their phones carried away from the hand and a wall between them.</summary>
/// <param name="DistanceMetres">The distance between the phones in metres (more than 0, at most 100).</param>
/// <param name="Duration">How long the contact lasts (more than 0, at most 12 hours).</param>
/// <param name="Position">Where both phones are carried; <see cref="DetectionModel.CarryingLossDb"/> gives the extra loss per phone.</param>
/// <param name="WallLossDb">Extra loss in dB of an obstacle between the phones (0 for none).</param>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed record ContactScenario(double DistanceMetres, TimeSpan Duration, CarryingPosition Position = CarryingPosition.Hand, double WallLossDb = 0)
{
    /// <summary>The longest distance a scenario may have, in metres.</summary>
    public const double MaximumDistanceMetres = 100;

    /// <summary>The longest contact a scenario may have.</summary>
    public static readonly TimeSpan MaximumDuration = TimeSpan.FromHours(12);

    /// <summary>Checks the values are usable.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (!double.IsFinite(DistanceMetres) || DistanceMetres <= 0 || DistanceMetres > MaximumDistanceMetres)
        {
            throw new ArgumentOutOfRangeException(nameof(DistanceMetres), DistanceMetres, "The distance must be more than 0 and at most 100 m.");
        }

        if (Duration <= TimeSpan.Zero || Duration > MaximumDuration)
        {
            throw new ArgumentOutOfRangeException(nameof(Duration), Duration, "The duration must be more than 0 and at most 12 hours.");
        }

        if (!Enum.IsDefined(Position))
        {
            throw new ArgumentOutOfRangeException(nameof(Position), Position, "Unknown carrying position.");
        }

        if (!double.IsFinite(WallLossDb) || WallLossDb is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(WallLossDb), WallLossDb, "The wall loss must be 0..100 dB.");
        }
    }
}
