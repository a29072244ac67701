namespace Cocoa.Sdk.Simulation;

/// <summary>A point on the simulation floor, in metres.</summary>
/// <param name="X">East, in metres.</param>
/// <param name="Y">North, in metres.</param>
public readonly record struct Position(double X, double Y)
{
    /// <summary>Gets the distance to another point in metres.</summary>
    /// <param name="other">The other point.</param>
    /// <returns>The Euclidean distance.</returns>
    public double DistanceTo(Position other) => Math.Sqrt(((X - other.X) * (X - other.X)) + ((Y - other.Y) * (Y - other.Y)));

    internal static bool SegmentsIntersect(Position p1, Position p2, Position q1, Position q2)
    {
        static double Cross(Position o, Position a, Position b) => ((a.X - o.X) * (b.Y - o.Y)) - ((a.Y - o.Y) * (b.X - o.X));
        double d1 = Cross(q1, q2, p1), d2 = Cross(q1, q2, p2), d3 = Cross(p1, p2, q1), d4 = Cross(p1, p2, q2);
        return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
    }
}
