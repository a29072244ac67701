using Cocoa.Sdk.Simulation;

namespace Cocoa.Demo;

/// <summary>
/// What really happened, for scoring the phones' notifications. A contact is <b>close</b> when it is with a positive
/// person, at most <see cref="Scenario.CloseDistanceMeters"/> apart with no wall between, and the other person's close
/// minutes with positive people add up to at least <see cref="Scenario.CloseMinutes"/> that day (minutes with two
/// positive people at once count for each, as the phone hears each of their keys).
/// </summary>
public static class GroundTruth
{
    /// <summary>Every pair that shared a gathering, per day and distance, with the close-contact label.</summary>
    /// <param name="gatherings">The gatherings.</param>
    /// <param name="positives">Who tested positive (and registered).</param>
    /// <returns>The contacts, by day then names.</returns>
    public static IReadOnlyList<Contact> Contacts(IReadOnlyList<Gathering> gatherings, IReadOnlySet<string> positives)
    {
        List<Episode> episodes = Episodes(gatherings);
        return episodes
            .GroupBy(e => (e.Day, e.A, e.B, e.Distance, e.ThroughWall))
            .Select(group =>
            {
                var (day, a, b, distance, wall) = group.Key;
                bool near = !wall && distance <= Scenario.CloseDistanceMeters;
                bool close = near
                    && ((positives.Contains(a) && CloseMinutes(episodes, positives, b, day) >= Scenario.CloseMinutes)
                        || (positives.Contains(b) && CloseMinutes(episodes, positives, a, day) >= Scenario.CloseMinutes));
                return new Contact(day, a, b, distance, wall, group.Sum(e => e.Minutes), close);
            })
            .OrderBy(c => c.Day).ThenBy(c => c.A, StringComparer.Ordinal).ThenBy(c => c.B, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The people who had a close contact with positive people on some day.</summary>
    /// <param name="gatherings">The gatherings.</param>
    /// <param name="positives">Who tested positive.</param>
    /// <returns>Their names.</returns>
    public static IReadOnlySet<string> CloseContacts(IReadOnlyList<Gathering> gatherings, IReadOnlySet<string> positives)
    {
        List<Episode> episodes = Episodes(gatherings);
        var people = episodes.SelectMany(e => new[] { e.A, e.B }).Distinct(StringComparer.Ordinal);
        var days = episodes.Select(e => e.Day).Distinct().ToList();
        return people.Where(p => days.Any(d => CloseMinutes(episodes, positives, p, d) >= Scenario.CloseMinutes)).ToHashSet(StringComparer.Ordinal);
    }

    private static int CloseMinutes(List<Episode> episodes, IReadOnlySet<string> positives, string person, int day) =>
        episodes
            .Where(e => e.Day == day && !e.ThroughWall && e.Distance <= Scenario.CloseDistanceMeters)
            .Where(e => (e.A == person && positives.Contains(e.B)) || (e.B == person && positives.Contains(e.A)))
            .Sum(e => e.Minutes);

    private static List<Episode> Episodes(IReadOnlyList<Gathering> gatherings)
    {
        var episodes = new List<Episode>();
        foreach (Gathering g in gatherings)
        {
            for (int i = 0; i < g.Attendees.Count; i++)
            {
                for (int j = i + 1; j < g.Attendees.Count; j++)
                {
                    Attendee a = g.Attendees[i], b = g.Attendees[j];
                    bool wall = g.Wall is { } w && SegmentsCross(a.Spot, b.Spot, w.From, w.To);
                    double distance = Math.Round(a.Spot.DistanceTo(b.Spot), 2);
                    (string first, string second) = string.CompareOrdinal(a.Person, b.Person) < 0 ? (a.Person, b.Person) : (b.Person, a.Person);
                    episodes.Add(new Episode(g.Day, first, second, distance, wall, g.Minutes));
                }
            }
        }

        return episodes;
    }

    private static bool SegmentsCross(Position p1, Position p2, Position q1, Position q2)
    {
        static double Cross(Position o, Position a, Position b) => ((a.X - o.X) * (b.Y - o.Y)) - ((a.Y - o.Y) * (b.X - o.X));
        double d1 = Cross(q1, q2, p1), d2 = Cross(q1, q2, p2), d3 = Cross(p1, p2, q1), d4 = Cross(p1, p2, q2);
        return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
    }

    private readonly record struct Episode(int Day, string A, string B, double Distance, bool ThroughWall, int Minutes);
}
