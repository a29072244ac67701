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
    /// close contact with the positive person (see <see cref="GroundTruth"/>).
    /// </summary>
    public static IReadOnlyList<Contact> Contacts() => GroundTruth.Contacts(Gatherings, new HashSet<string>(StringComparer.Ordinal) { Positive });
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
