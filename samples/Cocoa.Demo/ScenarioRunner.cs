using System.Globalization;
using Cocoa.Samples.App;
using Cocoa.Sdk.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace Cocoa.Demo;

/// <summary>
/// Runs a scenario file through the same end-to-end flow as the built-in week: both servers on 127.0.0.1, one
/// <see cref="CocoaApp"/> per person on a simulated phone, one simulated clock. Day by day (JST): consent withdrawals
/// and Bluetooth switches at 00:00, the gatherings, each positive person's processing number at 14:00 and registration
/// through the message's link, publishing after the 2-hour embargo at 16:30 (so positives of different days land in
/// different files), and from the first publication on every taking-part phone's exposure check at 21:00.
/// </summary>
public static class ScenarioRunner
{
    private static readonly TimeOnly NumberIssuedAt = new(14, 0);
    private static readonly TimeOnly PublishedAt = new(16, 30);
    private static readonly TimeOnly CheckedAt = new(21, 0);

    /// <summary>Runs the scenario.</summary>
    /// <param name="scenario">The scenario (from <see cref="ScenarioFile.Parse"/>).</param>
    /// <param name="seed">Seed of every simulated random choice.</param>
    /// <param name="progress">Receives progress, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The outcome, with every notification and the ground truth.</returns>
    public static async Task<DemoOutcome> RunAsync(ScenarioDefinition scenario, int seed, IProgress<DemoProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var story = new List<string>();
        void Report(DemoStage stage, double fraction, string message, bool tell = false)
        {
            if (tell)
            {
                story.Add(message);
            }

            progress?.Report(new DemoProgress(stage, fraction, message));
        }

        var clock = new FakeTimeProvider(scenario.DayStart(0));
        Report(DemoStage.Setup, 0, "Starting the health center and the notification server on 127.0.0.1");
        await using DemoServers servers = await DemoServers.StartAsync(clock, cancellationToken);
        Report(DemoStage.Setup, 0.3, $"Health center at {servers.HealthCenterUrl}, notification server at {servers.NotificationServerUrl}", tell: true);

        var air = new SimulatedAir(clock, seed);
        var random = new Random(seed);
        var phones = new Dictionary<string, DemoPhone>(StringComparer.Ordinal);
        var active = new HashSet<string>(StringComparer.Ordinal);
        var notifications = new List<DemoNotification>();
        var registered = new HashSet<string>(StringComparer.Ordinal);
        bool completed = true;
        try
        {
            foreach (string person in scenario.People)
            {
                phones.Add(person, await DemoPhone.StartAsync(person, air, random, clock, servers, cancellationToken));
                active.Add(person);
                Report(DemoStage.Setup, 0.3 + (0.7 * phones.Count / scenario.People.Count), $"{person}'s phone: agreed and recording");
            }

            Report(DemoStage.Setup, 1, $"{phones.Count} phones agreed to the privacy promises and started recording", tell: true);
            for (int i = 0; i < scenario.Gatherings.Count; i++)
            {
                if (scenario.Gatherings[i].Wall is { } wall)
                {
                    Position origin = DemoWorld.Venue(i);
                    air.AddWall(DemoWorld.Offset(origin, wall.From), DemoWorld.Offset(origin, wall.To), Scenario.WallLossDb);
                }
            }

            DateTimeOffset end = scenario.DayStart(scenario.Days);
            TimeSpan total = end - scenario.DayStart(0);
            void AdvanceTo(DateTimeOffset at) => DemoWorld.AdvanceTo(clock, at, hour => Report(DemoStage.Week, (hour - scenario.DayStart(0)) / total, DemoWorld.Describe(hour)));
            bool published = false;
            int positivesDone = 0;
            for (int day = 0; day < scenario.Days; day++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                AdvanceTo(scenario.DayStart(day));
                await StartOfDayAsync(scenario, day, phones, active, Report, cancellationToken);

                // The day's events in time order: people leave before others arrive at the same minute; the number is
                // issued at 14:00, the server publishes at 16:30, phones check at 21:00.
                var today = scenario.Positives.Where(p => p.PositiveDay == day).ToList();
                int theDay = day;
                var events = new List<(DateTimeOffset At, int Order, Func<Task> Run)>();
                foreach (var move in Moves(scenario, day))
                {
                    events.Add((move.At, move.Arrive ? 1 : 0, () =>
                    {
                        Move(scenario, move, phones, Report);
                        return Task.CompletedTask;
                    }));
                }

                if (today.Count > 0)
                {
                    events.Add((scenario.At(day, NumberIssuedAt), 2, async () =>
                    {
                        foreach (PositiveCase positive in today)
                        {
                            bool ok = await RegisterAsync(scenario, positive, clock, servers, phones[positive.Person], positivesDone, Report, cancellationToken);
                            completed &= ok;
                            positivesDone++;
                            if (ok)
                            {
                                registered.Add(positive.Person);
                            }
                        }
                    }));
                    events.Add((scenario.At(day, PublishedAt), 3, async () =>
                    {
                        int keys = await servers.PublishAsync(cancellationToken);
                        published |= keys > 0;
                        Report(DemoStage.Registration, (double)positivesDone / scenario.Positives.Count,
                            $"{DemoWorld.Describe(clock.GetUtcNow())} the notification server publishes a signed export with {keys} real keys (plus padding)", true);
                    }));
                }

                events.Add((scenario.At(day, CheckedAt), 4, async () =>
                {
                    if (!published)
                    {
                        return;
                    }

                    int checkedPhones = 0;
                    foreach (string person in scenario.People.Where(active.Contains))
                    {
                        ExposureCheckOutcome check = await phones[person].App.CheckExposureAsync(cancellationToken);
                        completed &= check.Succeeded;
                        foreach (ExposureNotice notice in check.NewNotices)
                        {
                            notifications.Add(new DemoNotification(person, theDay, notice.Day.DayNumber - scenario.StartDate.DayNumber));
                            Report(DemoStage.Checks, 0, $"{DemoWorld.Describe(clock.GetUtcNow())} {person}'s phone shows an exposure notice for {notice.Day:yyyy-MM-dd}", true);
                        }

                        checkedPhones++;
                        Report(DemoStage.Checks, (double)(theDay + 1) / scenario.Days, $"day {theDay}: {checkedPhones} phones checked");
                    }
                }));

                foreach (var e in events.OrderBy(e => e.At).ThenBy(e => e.Order))
                {
                    AdvanceTo(e.At);
                    await e.Run();
                }
            }

            completed &= published || scenario.Positives.Count == 0;
            Report(DemoStage.Checks, 1, $"{scenario.Days} days played; {notifications.Count} exposure notices shown", tell: true);
            IReadOnlySet<string> positives = registered;
            IReadOnlyList<Contact> contacts = GroundTruth.Contacts(scenario.Gatherings, positives);
            IReadOnlySet<string> truth = GroundTruth.CloseContacts(scenario.Gatherings, positives);
            var outcomes = scenario.People.Select(person =>
            {
                DemoPhone phone = phones[person];
                bool notified = notifications.Any(n => n.Person == person);
                IReadOnlyList<ExposureNotice> notices = phone.App.Notices;
                return new PhoneOutcome(person, truth.Contains(person), notified, notices, phone.Radio);
            }).ToList();
            return new DemoOutcome(completed, contacts, outcomes, story, notifications);
        }
        finally
        {
            foreach (DemoPhone phone in phones.Values)
            {
                await phone.DisposeAsync();
            }
        }
    }

    private static async Task StartOfDayAsync(
        ScenarioDefinition scenario, int day, Dictionary<string, DemoPhone> phones, HashSet<string> active, Action<DemoStage, double, string, bool> report, CancellationToken cancellationToken)
    {
        foreach (ConsentWithdrawal w in scenario.ConsentWithdrawn.Where(w => w.Day == day))
        {
            await phones[w.Person].App.WithdrawAsync(cancellationToken);
            active.Remove(w.Person);
            report(DemoStage.Week, 0, $"day {day}: {w.Person} withdraws consent; the phone erases every record and stops", true);
        }

        foreach (string person in scenario.People)
        {
            bool off = scenario.BluetoothOff.Any(b => b.Person == person && b.FromDay <= day && day <= b.ToDay);
            SimulatedDevice device = phones[person].Device;
            if (device.BluetoothEnabled == off)
            {
                device.BluetoothEnabled = !off;
                report(DemoStage.Week, 0, $"day {day}: {person} switches Bluetooth {(off ? "off" : "on")}", true);
            }
        }
    }

    private static IEnumerable<(DateTimeOffset At, int Gathering, bool Arrive)> Moves(ScenarioDefinition scenario, int day)
    {
        var moves = new List<(DateTimeOffset At, int Gathering, bool Arrive)>();
        for (int i = 0; i < scenario.Gatherings.Count; i++)
        {
            Gathering g = scenario.Gatherings[i];
            if (g.Day == day)
            {
                moves.Add((g.StartUtc(scenario.StartUtc), i, true));
                moves.Add((g.EndUtc(scenario.StartUtc), i, false));
            }
        }

        return moves.OrderBy(m => m.At).ThenBy(m => m.Arrive);
    }

    private static void Move(ScenarioDefinition scenario, (DateTimeOffset At, int Gathering, bool Arrive) move, Dictionary<string, DemoPhone> phones, Action<DemoStage, double, string, bool> report)
    {
        Gathering g = scenario.Gatherings[move.Gathering];
        foreach (Attendee attendee in g.Attendees)
        {
            DemoPhone phone = phones[attendee.Person];
            phone.Device.Position = move.Arrive ? DemoWorld.Offset(DemoWorld.Venue(move.Gathering), attendee.Spot) : phone.Home;
        }

        if (move.Arrive)
        {
            report(DemoStage.Week, 0, $"{DemoWorld.Describe(move.At)} {g.Place}: {string.Join(", ", g.Attendees.Select(a => a.Person))} for {g.Minutes} min", true);
        }
    }

    private static async Task<bool> RegisterAsync(
        ScenarioDefinition scenario, PositiveCase positive, FakeTimeProvider clock, DemoServers servers, DemoPhone phone, int index,
        Action<DemoStage, double, string, bool> report, CancellationToken cancellationToken)
    {
        string mobile = string.Create(CultureInfo.InvariantCulture, $"090-0000-{100 + index:0000}");
        // The health center's record needs a real-looking name; the scenario's labels (P1, X…) are not names.
        string patient = "Patient " + (char)('A' + (index % 26));
        string message = await servers.IssueProcessingNumberAsync(patient, cancellationToken, mobile);
        string? link = DemoServers.FindLink(message);
        RegistrationScreen? screen = link is null ? null : RegistrationScreen.FromLink(link);
        if (screen?.PrefilledNumber is not { } number)
        {
            report(DemoStage.Registration, 0, $"{positive.Person}: the health center's message has no registration link", true);
            return false;
        }

        var onset = DateOnly.FromDateTime(scenario.StartUtc.AddDays(positive.OnsetDay).UtcDateTime);
        RegistrationOutcome outcome = await phone.App.RegisterPositiveAsync(number, onset, hasSymptom: true, cancellationToken);
        report(DemoStage.Registration, 0,
            $"{DemoWorld.Describe(clock.GetUtcNow())} {positive.Person} tests positive and registers through the link: {outcome.Title.En} ({outcome.KeysSent} daily keys, HTTP {outcome.HttpStatus})", true);
        return outcome.Succeeded;
    }
}
