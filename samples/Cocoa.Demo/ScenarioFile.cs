using System.Globalization;
using System.Text.Json;
using Cocoa.Sdk.Simulation;

namespace Cocoa.Demo;

/// <summary>A positive person: symptoms begin on <paramref name="OnsetDay"/>, the test result (and the processing number) comes on <paramref name="PositiveDay"/>.</summary>
/// <param name="Person">Who.</param>
/// <param name="OnsetDay">The day symptoms began (may be before the scenario start, down to −14).</param>
/// <param name="PositiveDay">The day the health center issues the processing number and the person registers.</param>
public sealed record PositiveCase(string Person, int OnsetDay, int PositiveDay);

/// <summary>A person's Bluetooth is switched off from the start of <paramref name="FromDay"/> to the end of <paramref name="ToDay"/> (JST days, inclusive).</summary>
/// <param name="Person">Whose phone.</param>
/// <param name="FromDay">The first day without Bluetooth.</param>
/// <param name="ToDay">The last day without Bluetooth.</param>
public sealed record BluetoothOffPeriod(string Person, int FromDay, int ToDay);

/// <summary>A person withdraws consent at the start of <paramref name="Day"/>: their phone's records are erased and it takes no further part.</summary>
/// <param name="Person">Who.</param>
/// <param name="Day">The day (at 00:00 JST).</param>
public sealed record ConsentWithdrawal(string Person, int Day);

/// <summary>A scenario for the end-to-end flow: people, where they meet, who tests positive when.</summary>
/// <param name="StartDate">Day 0 (a Japanese calendar date).</param>
/// <param name="Days">How many days the scenario runs.</param>
/// <param name="People">Everyone with a phone.</param>
/// <param name="Gatherings">Who is where, when.</param>
/// <param name="Positives">Who tests positive, and when.</param>
/// <param name="BluetoothOff">Periods without Bluetooth.</param>
/// <param name="ConsentWithdrawn">Who stops taking part, and when.</param>
public sealed record ScenarioDefinition(
    DateOnly StartDate,
    int Days,
    IReadOnlyList<string> People,
    IReadOnlyList<Gathering> Gatherings,
    IReadOnlyList<PositiveCase> Positives,
    IReadOnlyList<BluetoothOffPeriod> BluetoothOff,
    IReadOnlyList<ConsentWithdrawal> ConsentWithdrawn)
{
    /// <summary>The default day 0: Monday 2026-11-16.</summary>
    public static readonly DateOnly DefaultStart = new(2026, 11, 16);

    /// <summary>Gets 00:00 UTC of day 0, the origin of <see cref="Gathering.StartUtc"/>.</summary>
    public DateTimeOffset StartUtc => new(StartDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>Gets the instant a JST day begins (00:00 JST).</summary>
    /// <param name="day">The day.</param>
    /// <returns>The instant.</returns>
    public DateTimeOffset DayStart(int day) => StartUtc.AddDays(day) - Scenario.Jst;

    /// <summary>Gets a time of a JST day as an instant.</summary>
    /// <param name="day">The day.</param>
    /// <param name="jst">The time of day in JST.</param>
    /// <returns>The instant.</returns>
    public DateTimeOffset At(int day, TimeOnly jst) => DayStart(day) + jst.ToTimeSpan();
}

/// <summary>A scenario file is malformed or inconsistent; the message names the field.</summary>
public sealed class ScenarioFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ScenarioFormatException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the field.</param>
    public ScenarioFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ScenarioFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Reads scenario files (docs/demo.md): strict JSON, every field checked; an unknown field or an inconsistent value
/// (a person not in <c>people</c>, a gathering past midnight, one person in two places at once, …) is a
/// <see cref="ScenarioFormatException"/> naming the field.
/// </summary>
public static class ScenarioFile
{
    /// <summary>The longest scenario (the keys' 14-day retention plus a week).</summary>
    public const int MaxDays = 21;

    /// <summary>The most people (phones) a scenario may have.</summary>
    public const int MaxPeople = 50;

    /// <summary>Reads a scenario.</summary>
    /// <param name="json">The file's text.</param>
    /// <returns>The scenario.</returns>
    /// <exception cref="ScenarioFormatException">The file is malformed or inconsistent.</exception>
    public static ScenarioDefinition Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            return Read(document.RootElement);
        }
        catch (JsonException ex)
        {
            throw new ScenarioFormatException($"not valid JSON ({ex.Message.Split('.')[0]})", ex);
        }
    }

    private static ScenarioDefinition Read(JsonElement root)
    {
        Fields(root, "$", ["start", "days", "people", "gatherings", "positives", "bluetoothOff", "consentWithdrawn"], ["days", "people"]);
        DateOnly start = ScenarioDefinition.DefaultStart;
        if (root.TryGetProperty("start", out JsonElement s))
        {
            if (s.ValueKind != JsonValueKind.String
                || !DateOnly.TryParseExact(s.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out start))
            {
                throw Bad("start", "expected a date YYYY-MM-DD");
            }
        }

        int days = Int(root.GetProperty("days"), "days", 1, MaxDays);
        var people = new List<string>();
        foreach ((JsonElement p, string path) in Items(root.GetProperty("people"), "people", 1, MaxPeople))
        {
            if (p.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(p.GetString()) || p.GetString()!.Length > 40)
            {
                throw Bad(path, "expected a name (1–40 characters)");
            }

            string name = p.GetString()!;
            if (people.Contains(name, StringComparer.Ordinal))
            {
                throw Bad(path, $"\"{name}\" is listed twice");
            }

            people.Add(name);
        }

        string Person(JsonElement e, string path)
        {
            if (e.ValueKind != JsonValueKind.String)
            {
                throw Bad(path, "expected a name from people");
            }

            string name = e.GetString()!;
            return people.Contains(name, StringComparer.Ordinal) ? name : throw Bad(path, $"\"{name}\" is not in people");
        }

        var gatherings = new List<Gathering>();
        if (root.TryGetProperty("gatherings", out JsonElement gs))
        {
            foreach ((JsonElement g, string path) in Items(gs, "gatherings", 0, 1000))
            {
                gatherings.Add(ReadGathering(g, path, days, Person));
            }
        }

        CheckNobodyIsInTwoPlaces(gatherings);

        var positives = new List<PositiveCase>();
        if (root.TryGetProperty("positives", out JsonElement ps))
        {
            foreach ((JsonElement p, string path) in Items(ps, "positives", 0, MaxPeople))
            {
                Fields(p, path, ["person", "onsetDay", "positiveDay"], ["person", "positiveDay"]);
                string person = Person(p.GetProperty("person"), path + ".person");
                int positiveDay = Int(p.GetProperty("positiveDay"), path + ".positiveDay", 0, days - 1);
                int onsetDay = p.TryGetProperty("onsetDay", out JsonElement o) ? Int(o, path + ".onsetDay", -14, days - 1) : positiveDay;
                if (onsetDay > positiveDay)
                {
                    throw Bad(path + ".onsetDay", $"{onsetDay} is after positiveDay {positiveDay}");
                }

                if (positives.Any(x => x.Person == person))
                {
                    throw Bad(path + ".person", $"\"{person}\" tests positive twice");
                }

                positives.Add(new PositiveCase(person, onsetDay, positiveDay));
            }
        }

        var off = new List<BluetoothOffPeriod>();
        if (root.TryGetProperty("bluetoothOff", out JsonElement bs))
        {
            foreach ((JsonElement b, string path) in Items(bs, "bluetoothOff", 0, 1000))
            {
                Fields(b, path, ["person", "fromDay", "toDay"], ["person", "fromDay", "toDay"]);
                string person = Person(b.GetProperty("person"), path + ".person");
                int from = Int(b.GetProperty("fromDay"), path + ".fromDay", 0, days - 1);
                int to = Int(b.GetProperty("toDay"), path + ".toDay", from, days - 1);
                if (off.Any(x => x.Person == person && x.FromDay <= to && from <= x.ToDay))
                {
                    throw Bad(path, $"overlaps another period of \"{person}\"");
                }

                off.Add(new BluetoothOffPeriod(person, from, to));
            }
        }

        var withdrawn = new List<ConsentWithdrawal>();
        if (root.TryGetProperty("consentWithdrawn", out JsonElement ws))
        {
            foreach ((JsonElement w, string path) in Items(ws, "consentWithdrawn", 0, MaxPeople))
            {
                Fields(w, path, ["person", "day"], ["person", "day"]);
                string person = Person(w.GetProperty("person"), path + ".person");
                int day = Int(w.GetProperty("day"), path + ".day", 0, days - 1);
                if (withdrawn.Any(x => x.Person == person))
                {
                    throw Bad(path + ".person", $"\"{person}\" withdraws twice");
                }

                if (positives.FirstOrDefault(p => p.Person == person) is { } positive && positive.PositiveDay >= day)
                {
                    throw Bad(path + ".day", $"\"{person}\" withdraws on day {day} but registers a positive result on day {positive.PositiveDay}");
                }

                withdrawn.Add(new ConsentWithdrawal(person, day));
            }
        }

        return new ScenarioDefinition(start, days, people, gatherings, positives, off, withdrawn);
    }

    private static Gathering ReadGathering(JsonElement g, string path, int days, Func<JsonElement, string, string> person)
    {
        Fields(g, path, ["day", "start", "minutes", "place", "attendees", "wall"], ["day", "start", "minutes", "attendees"]);
        int day = Int(g.GetProperty("day"), path + ".day", 0, days - 1);
        JsonElement startElement = g.GetProperty("start");
        if (startElement.ValueKind != JsonValueKind.String
            || !TimeOnly.TryParseExact(startElement.GetString(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out TimeOnly start))
        {
            throw Bad(path + ".start", "expected a Japan time HH:mm");
        }

        int minutes = Int(g.GetProperty("minutes"), path + ".minutes", 1, 24 * 60);
        if (start.ToTimeSpan() + TimeSpan.FromMinutes(minutes) > TimeSpan.FromDays(1))
        {
            throw Bad(path + ".minutes", $"the gathering runs past midnight ({start:HH:mm} + {minutes} min); it must stay within one day");
        }

        string place = "gathering";
        if (g.TryGetProperty("place", out JsonElement p))
        {
            place = p.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(p.GetString()) ? p.GetString()! : throw Bad(path + ".place", "expected a text");
        }

        var attendees = new List<Attendee>();
        foreach ((JsonElement a, string aPath) in Items(g.GetProperty("attendees"), path + ".attendees", 2, ScenarioFile.MaxPeople))
        {
            Fields(a, aPath, ["person", "x", "y"], ["person", "x", "y"]);
            string name = person(a.GetProperty("person"), aPath + ".person");
            if (attendees.Any(x => x.Person == name))
            {
                throw Bad(aPath + ".person", $"\"{name}\" attends twice");
            }

            attendees.Add(new Attendee(name, Point(a, aPath)));
        }

        (Position From, Position To)? wall = null;
        if (g.TryGetProperty("wall", out JsonElement w))
        {
            Fields(w, path + ".wall", ["from", "to"], ["from", "to"]);
            JsonElement from = w.GetProperty("from"), to = w.GetProperty("to");
            Fields(from, path + ".wall.from", ["x", "y"], ["x", "y"]);
            Fields(to, path + ".wall.to", ["x", "y"], ["x", "y"]);
            wall = (Point(from, path + ".wall.from"), Point(to, path + ".wall.to"));
            if (wall.Value.From.DistanceTo(wall.Value.To) < 0.01)
            {
                throw Bad(path + ".wall", "both ends are the same point");
            }
        }

        return new Gathering(day, start, minutes, place, attendees, wall);
    }

    private static void CheckNobodyIsInTwoPlaces(List<Gathering> gatherings)
    {
        for (int i = 0; i < gatherings.Count; i++)
        {
            for (int j = i + 1; j < gatherings.Count; j++)
            {
                Gathering a = gatherings[i], b = gatherings[j];
                DateTimeOffset origin = ScenarioDefinition.DefaultStart.ToDateTime(TimeOnly.MinValue);
                bool overlap = a.StartUtc(origin) < b.EndUtc(origin) && b.StartUtc(origin) < a.EndUtc(origin);
                string? both = overlap ? a.Attendees.Select(x => x.Person).Intersect(b.Attendees.Select(x => x.Person), StringComparer.Ordinal).FirstOrDefault() : null;
                if (both is not null)
                {
                    throw Bad($"gatherings[{j}]", $"\"{both}\" is also at gatherings[{i}] at the same time");
                }
            }
        }
    }

    private static Position Point(JsonElement e, string path)
    {
        double Coordinate(string name)
        {
            JsonElement v = e.GetProperty(name);
            return v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) && Math.Abs(d) <= 1000
                ? d
                : throw Bad($"{path}.{name}", "expected a number of metres within ±1000");
        }

        return new Position(Coordinate("x"), Coordinate("y"));
    }

    private static int Int(JsonElement e, string path, int min, int max) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int v) && v >= min && v <= max
            ? v
            : throw Bad(path, $"expected an integer from {min} to {max}, got {e.GetRawText()}");

    private static IEnumerable<(JsonElement Item, string Path)> Items(JsonElement array, string path, int min, int max)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw Bad(path, "expected an array");
        }

        int count = array.GetArrayLength();
        if (count < min || count > max)
        {
            throw Bad(path, $"expected {min} to {max} entries, got {count}");
        }

        int i = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            yield return (item, $"{path}[{i++}]");
        }
    }

    private static void Fields(JsonElement e, string path, string[] known, string[] required)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw Bad(path, "expected an object");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in e.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw Bad(path == "$" ? property.Name : $"{path}.{property.Name}", "given twice");
            }

            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                throw Bad(path == "$" ? property.Name : $"{path}.{property.Name}", $"unknown field (expected one of {string.Join(", ", known)})");
            }
        }

        foreach (string name in required)
        {
            if (!e.TryGetProperty(name, out _))
            {
                throw Bad(path == "$" ? name : $"{path}.{name}", "missing");
            }
        }
    }

    private static ScenarioFormatException Bad(string path, string message) => new($"{path}: {message}");
}
