using Cocoa.Sdk.Simulation;

namespace Cocoa.Demo;

/// <summary>One person in a gathering and where they stand, in metres from the venue's corner.</summary>
/// <param name="Person">The phone's owner.</param>
/// <param name="Spot">Where they stand.</param>
public sealed record Attendee(string Person, Position Spot);

/// <summary>People together at one place for a while. Everyone not in a gathering is at home, far from everyone else.</summary>
/// <param name="Day">Days after the scenario start (0 = Monday).</param>
/// <param name="StartJst">Start time of day in Japan Standard Time (the demo keeps every gathering within one UTC day).</param>
/// <param name="Minutes">How long.</param>
/// <param name="Place">What the place is (for display).</param>
/// <param name="Attendees">Who is there and where.</param>
/// <param name="Wall">A wall across the venue (both ends, in metres), or <see langword="null"/>.</param>
public sealed record Gathering(int Day, TimeOnly StartJst, int Minutes, string Place, IReadOnlyList<Attendee> Attendees, (Position From, Position To)? Wall = null)
{
    /// <summary>Gets the start as a UTC instant.</summary>
    public DateTimeOffset StartUtc(DateTimeOffset scenarioStart) =>
        scenarioStart.AddDays(Day) + StartJst.ToTimeSpan() - Scenario.Jst;

    /// <summary>Gets the end as a UTC instant.</summary>
    public DateTimeOffset EndUtc(DateTimeOffset scenarioStart) => StartUtc(scenarioStart).AddMinutes(Minutes);
}

/// <summary>
/// The demo's week: an office and a commuter train. Monday to Thursday bring the contacts; Aiko develops symptoms on
/// Thursday and tests positive on Friday.
/// </summary>
public static class Scenario
{
    /// <summary>Japan Standard Time offset.</summary>
    public static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    /// <summary>Monday 00:00 UTC (09:00 JST) of the simulated week.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 16, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The person who tests positive.</summary>
    public const string Positive = "Aiko";

    /// <summary>The day (after <see cref="Start"/>) the positive person's symptoms began.</summary>
    public const int OnsetDay = 3;

    /// <summary>The day the positive person's test comes back positive and the health center issues a number.</summary>
    public const int PositiveDay = 4;

    /// <summary>Ground truth: a contact is close when the two are at most this far apart in the same room (no wall between).</summary>
    public const double CloseDistanceMeters = 1.5;

    /// <summary>Ground truth: close minutes with the positive person that day must add up to at least this.</summary>
    public const int CloseMinutes = 15;

    /// <summary>Everyone with a phone, in the order the phones are created.</summary>
    public static IReadOnlyList<string> People { get; } =
        ["Aiko", "Ben", "Chika", "Daiki", "Emi", "Fumi", "Goro", "Hana", "Ichiro", "Mei"];

    /// <summary>The week's gatherings.</summary>
    public static IReadOnlyList<Gathering> Gatherings { get; } =
    [
        // Monday: a 20-minute meeting across a small table, and a 5-minute chat in the corridor.
        new(0, new TimeOnly(11, 0), 20, "meeting room", [new("Aiko", new(0, 0)), new("Ben", new(1.0, 0))]),
        new(0, new TimeOnly(15, 0), 5, "corridor", [new("Aiko", new(0, 0)), new("Chika", new(1.0, 0))]),

        // Tuesday: an hour in the open-plan office with desks 5 m apart; an hour on either side of a concrete wall.
        new(1, new TimeOnly(13, 0), 60, "open-plan office", [new("Aiko", new(0, 0)), new("Daiki", new(5.0, 0))]),
        new(1, new TimeOnly(16, 0), 60, "rooms either side of a concrete wall", [new("Aiko", new(0, 0)), new("Emi", new(1.0, 0))],
            (new(0.5, -5), new(0.5, 5))),

        // Wednesday: lunch (no Aiko), then the evening train: Fumi stands right next to Aiko, Goro at the other end of the car.
        new(2, new TimeOnly(12, 0), 40, "lunch", [new("Ben", new(0, 0)), new("Hana", new(1.0, 0))]),
        new(2, new TimeOnly(18, 30), 25, "commuter train", [new("Aiko", new(0, 0)), new("Fumi", new(0.8, 0)), new("Goro", new(8.0, 0.5))]),

        // Thursday: a 30-minute desk-side review, the day Aiko's symptoms begin.
        new(3, new TimeOnly(10, 0), 30, "desk-side review", [new("Aiko", new(0, 0)), new("Mei", new(1.0, 0))]),
    ];

    /// <summary>Wall attenuation used for <see cref="Gathering.Wall"/> (a reinforced-concrete wall).</summary>
    public const double WallLossDb = 20;

    /// <summary>
    /// The ground truth: every pair that shared a gathering, per day, with the distance and minutes, and whether it was a
    /// close contact with the positive person (≤ <see cref="CloseDistanceMeters"/> m in the same room, ≥ <see cref="CloseMinutes"/>
    /// minutes that day in total).
    /// </summary>
    public static IReadOnlyList<Contact> Contacts()
    {
        var episodes = new List<(int Day, string A, string B, double Distance, bool ThroughWall, int Minutes)>();
        foreach (Gathering g in Gatherings)
        {
            for (int i = 0; i < g.Attendees.Count; i++)
            {
                for (int j = i + 1; j < g.Attendees.Count; j++)
                {
                    Attendee a = g.Attendees[i], b = g.Attendees[j];
                    bool wall = g.Wall is { } w && SegmentsCross(a.Spot, b.Spot, w.From, w.To);
                    double distance = Math.Round(a.Spot.DistanceTo(b.Spot), 2);
                    (string first, string second) = string.CompareOrdinal(a.Person, b.Person) < 0 ? (a.Person, b.Person) : (b.Person, a.Person);
                    episodes.Add((g.Day, first, second, distance, wall, g.Minutes));
                }
            }
        }

        return episodes
            .GroupBy(e => (e.Day, e.A, e.B, e.Distance, e.ThroughWall))
            .Select(group =>
            {
                var (day, a, b, distance, wall) = group.Key;
                bool withPositive = a == Positive || b == Positive;
                int closeMinutesThatDay = episodes
                    .Where(e => e.Day == day && e.A == a && e.B == b && !e.ThroughWall && e.Distance <= CloseDistanceMeters)
                    .Sum(e => e.Minutes);
                bool close = withPositive && !wall && distance <= CloseDistanceMeters && closeMinutesThatDay >= CloseMinutes;
                return new Contact(day, a, b, distance, wall, group.Sum(e => e.Minutes), close);
            })
            .OrderBy(c => c.Day).ThenBy(c => c.A, StringComparer.Ordinal).ThenBy(c => c.B, StringComparer.Ordinal)
            .ToList();
    }

    private static bool SegmentsCross(Position p1, Position p2, Position q1, Position q2)
    {
        static double Cross(Position o, Position a, Position b) => ((a.X - o.X) * (b.Y - o.Y)) - ((a.Y - o.Y) * (b.X - o.X));
        double d1 = Cross(q1, q2, p1), d2 = Cross(q1, q2, p2), d3 = Cross(p1, p2, q1), d4 = Cross(p1, p2, q2);
        return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
    }
}

/// <summary>A pair that spent time together on one day.</summary>
/// <param name="Day">Days after the scenario start.</param>
/// <param name="A">One person (alphabetically first).</param>
/// <param name="B">The other person.</param>
/// <param name="DistanceMeters">How far apart they were.</param>
/// <param name="ThroughWall">Whether a wall stood between them.</param>
/// <param name="Minutes">How long, in total that day at this distance.</param>
/// <param name="CloseContact">Ground truth: a close contact with the positive person under the 1 m / 15 min rule.</param>
public sealed record Contact(int Day, string A, string B, double DistanceMeters, bool ThroughWall, int Minutes, bool CloseContact);
