using Cocoa.Samples.App;
using Cocoa.Sdk.Http;
using Cocoa.Sdk.Runtime;
using Cocoa.Sdk.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace Cocoa.Demo;

/// <summary>Where the demo is, for a progress display.</summary>
/// <param name="Stage">Which part of the flow.</param>
/// <param name="Fraction">How far that part is, 0–1.</param>
/// <param name="Message">What just happened.</param>
public sealed record DemoProgress(DemoStage Stage, double Fraction, string Message);

/// <summary>The parts of the demo flow.</summary>
public enum DemoStage
{
    /// <summary>Starting the servers and the phones.</summary>
    Setup,

    /// <summary>Playing the week of contacts on the simulated clock.</summary>
    Week,

    /// <summary>Processing number, registration, embargo and publishing.</summary>
    Registration,

    /// <summary>Every phone's exposure check.</summary>
    Checks,
}

/// <summary>One phone's result.</summary>
/// <param name="Person">The owner.</param>
/// <param name="CloseContact">Ground truth: had a close contact with the positive person.</param>
/// <param name="Notified">Whether the app showed an exposure notice.</param>
/// <param name="Notices">The notices shown.</param>
/// <param name="Radio">The phone's radio: model, and how far its transmit/receive hardware deviates from its calibration.</param>
public sealed record PhoneOutcome(string Person, bool CloseContact, bool Notified, IReadOnlyList<ExposureNotice> Notices, string Radio);

/// <summary>One exposure notification a phone showed.</summary>
/// <param name="Person">Whose phone.</param>
/// <param name="CheckDay">The scenario day of the exposure check that found it.</param>
/// <param name="ExposureDay">The exposure day: the UTC date of the contact (Exposure Notification's day), as days after the scenario's start date.</param>
public sealed record DemoNotification(string Person, int CheckDay, int ExposureDay);

/// <summary>What the demo found.</summary>
/// <param name="Completed">Whether the whole flow ran: number issued, registered, published, every phone checked.</param>
/// <param name="Contacts">The ground-truth contacts.</param>
/// <param name="Phones">Every phone's outcome, the positive person first.</param>
/// <param name="Story">What happened, step by step (for the display).</param>
/// <param name="Notifications">Every exposure notification shown: who, on which day's check, for which exposure day.</param>
public sealed record DemoOutcome(
    bool Completed, IReadOnlyList<Contact> Contacts, IReadOnlyList<PhoneOutcome> Phones, IReadOnlyList<string> Story, IReadOnlyList<DemoNotification> Notifications)
{
    /// <summary>Gets who was notified.</summary>
    public IReadOnlyList<string> Notified => Phones.Where(p => p.Notified).Select(p => p.Person).ToList();

    /// <summary>Gets the close contacts that were notified.</summary>
    public int TruePositives => Phones.Count(p => p.Notified && p.CloseContact);

    /// <summary>Gets the notified phones that were not close contacts.</summary>
    public int FalsePositives => Phones.Count(p => p.Notified && !p.CloseContact);

    /// <summary>Gets the close contacts that were not notified.</summary>
    public int FalseNegatives => Phones.Count(p => !p.Notified && p.CloseContact);
}

/// <summary>
/// Runs the whole COCOA flow: the two sample servers, one <see cref="CocoaApp"/> per simulated phone on a shared
/// simulated clock, a week of contacts, a positive test, the processing number, the registration, publishing after the
/// embargo and every phone's exposure check.
/// </summary>
public static class DemoRunner
{
    /// <summary>Runs the demo.</summary>
    /// <param name="seed">Seed of every simulated random choice (radio noise, device calibration errors, schedules).</param>
    /// <param name="progress">Receives progress, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the demo.</param>
    /// <returns>The outcome.</returns>
    public static async Task<DemoOutcome> RunAsync(int seed, IProgress<DemoProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var story = new List<string>();
        void Report(DemoStage stage, double fraction, string message, bool tell = false)
        {
            if (tell)
            {
                story.Add(message);
            }

            progress?.Report(new DemoProgress(stage, fraction, message));
        }

        var clock = new FakeTimeProvider(Scenario.Start);
        Report(DemoStage.Setup, 0, "Starting the health center and the notification server on 127.0.0.1");
        await using DemoServers servers = await DemoServers.StartAsync(clock, cancellationToken);
        Report(DemoStage.Setup, 0.3, $"Health center at {servers.HealthCenterUrl}, notification server at {servers.NotificationServerUrl}", tell: true);

        var air = new SimulatedAir(clock, seed);
        var random = new Random(seed);
        var phones = new List<DemoPhone>();
        try
        {
            foreach (string person in Scenario.People)
            {
                phones.Add(await DemoPhone.StartAsync(person, air, random, clock, servers, cancellationToken));
                Report(DemoStage.Setup, 0.3 + (0.7 * phones.Count / Scenario.People.Count), $"{person}'s phone: agreed and recording");
            }

            Report(DemoStage.Setup, 1, $"{phones.Count} phones agreed to the privacy promises and started recording", tell: true);
            Dictionary<string, DemoPhone> byName = phones.ToDictionary(p => p.Person, StringComparer.Ordinal);

            await PlayWeekAsync(clock, air, byName, Report);

            bool completed = await RegisterAndPublishAsync(clock, servers, byName[Scenario.Positive], Report, cancellationToken);

            IReadOnlyList<Contact> contacts = Scenario.Contacts();
            var truth = contacts.Where(c => c.CloseContact).SelectMany(c => new[] { c.A, c.B }).Where(p => p != Scenario.Positive).ToHashSet(StringComparer.Ordinal);
            var outcomes = new List<PhoneOutcome>();
            int checkedPhones = 0;
            foreach (DemoPhone phone in phones)
            {
                ExposureCheckOutcome check = await phone.App.CheckExposureAsync(cancellationToken);
                completed &= check.Succeeded;
                checkedPhones++;
                IReadOnlyList<ExposureNotice> notices = phone.App.Notices;
                outcomes.Add(new PhoneOutcome(phone.Person, truth.Contains(phone.Person), notices.Count > 0, notices, phone.Radio));
                Report(DemoStage.Checks, (double)checkedPhones / phones.Count,
                    $"{phone.Person}: {(notices.Count > 0 ? "notified (" + string.Join(", ", notices.Select(n => n.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))) + ")" : "no notice")}");
            }

            Report(DemoStage.Checks, 1, $"Every phone ran its exposure check: {outcomes.Count(o => o.Notified)} notified", tell: true);
            DateOnly startDate = DateOnly.FromDateTime(Scenario.Start.UtcDateTime);
            List<DemoNotification> notifications = [.. outcomes.SelectMany(o => o.Notices.Select(n =>
                new DemoNotification(o.Person, Scenario.PositiveDay, n.Day.DayNumber - startDate.DayNumber)))];
            return new DemoOutcome(completed, contacts, outcomes, story, notifications);
        }
        finally
        {
            foreach (DemoPhone phone in phones)
            {
                await phone.DisposeAsync();
            }
        }
    }

    private static Task PlayWeekAsync(FakeTimeProvider clock, SimulatedAir air, Dictionary<string, DemoPhone> phones, Action<DemoStage, double, string, bool> report)
    {
        IReadOnlyList<Gathering> gatherings = Scenario.Gatherings;
        for (int i = 0; i < gatherings.Count; i++)
        {
            if (gatherings[i].Wall is { } wall)
            {
                Position origin = DemoWorld.Venue(i);
                air.AddWall(DemoWorld.Offset(origin, wall.From), DemoWorld.Offset(origin, wall.To), Scenario.WallLossDb);
            }
        }

        var moves = new List<(DateTimeOffset At, int Gathering, bool Arrive)>();
        for (int i = 0; i < gatherings.Count; i++)
        {
            moves.Add((gatherings[i].StartUtc(Scenario.Start), i, true));
            moves.Add((gatherings[i].EndUtc(Scenario.Start), i, false));
        }

        DateTimeOffset weekEnd = PositiveTestTime;
        TimeSpan total = weekEnd - Scenario.Start;
        foreach (var move in moves.OrderBy(m => m.At).ThenBy(m => m.Arrive))
        {
            AdvanceTo(clock, move.At, total, report);
            Gathering g = gatherings[move.Gathering];
            foreach (Attendee attendee in g.Attendees)
            {
                phones[attendee.Person].Device.Position = move.Arrive ? DemoWorld.Offset(DemoWorld.Venue(move.Gathering), attendee.Spot) : phones[attendee.Person].Home;
            }

            if (move.Arrive)
            {
                report(DemoStage.Week, (clock.GetUtcNow() - Scenario.Start) / total,
                    $"{DemoWorld.Describe(move.At)} {g.Place}: {string.Join(", ", g.Attendees.Select(a => a.Person))} for {g.Minutes} min", true);
            }
        }

        AdvanceTo(clock, weekEnd, total, report);
        return Task.CompletedTask;
    }

    private static async Task<bool> RegisterAndPublishAsync(
        FakeTimeProvider clock, DemoServers servers, DemoPhone positive, Action<DemoStage, double, string, bool> report, CancellationToken cancellationToken)
    {
        report(DemoStage.Registration, 0, $"{DemoWorld.Describe(clock.GetUtcNow())} {positive.Person} tests positive; the health center issues a processing number", true);
        string message = await servers.IssueProcessingNumberAsync(positive.Person, cancellationToken);
        string? link = DemoServers.FindLink(message);
        if (link is null)
        {
            report(DemoStage.Registration, 1, "The health center's message has no registration link", true);
            return false;
        }

        report(DemoStage.Registration, 0.2, $"The SMS arrives in the outbox: {message.Split('\n')[0]} … {link[..link.IndexOf("pn=", StringComparison.Ordinal)]}pn=********", true);
        DemoWorld.Advance(clock, TimeSpan.FromMinutes(5));

        // First the person types the number and gets one digit wrong…
        string number = link[^8..];
        string typo = number[..7] + (char)('0' + ((number[7] - '0' + 1) % 10));
        RegistrationOutcome wrong = await positive.App.RegisterPositiveAsync(typo, OnsetDate, hasSymptom: true, cancellationToken);
        report(DemoStage.Registration, 0.4, $"{positive.Person} types the number with a typo: {wrong.Title.Ja} / {wrong.Title.En}", true);

        // …then opens the link in the message, which fills the number in.
        DemoWorld.Advance(clock, TimeSpan.FromMinutes(2));
        RegistrationScreen? screen = RegistrationScreen.FromLink(link);
        RegistrationOutcome outcome = await positive.App.RegisterPositiveAsync(screen?.PrefilledNumber ?? "", OnsetDate, hasSymptom: true, cancellationToken);
        report(DemoStage.Registration, 0.6, $"{positive.Person} opens the link: {outcome.Title.Ja} / {outcome.Title.En} ({outcome.KeysSent} daily keys sent, HTTP {outcome.HttpStatus})", true);
        if (!outcome.Succeeded)
        {
            return false;
        }

        // Keys are published only after their validity ended plus the server's embargo margin (2 hours).
        DemoWorld.Advance(clock, TimeSpan.FromHours(2) + TimeSpan.FromMinutes(15));
        int published = await servers.PublishAsync(cancellationToken);
        report(DemoStage.Registration, 1, $"{DemoWorld.Describe(clock.GetUtcNow())} after the embargo the notification server publishes a signed export with {published} real keys (plus padding)", true);
        return published > 0;
    }

    /// <summary>Friday 14:00 JST: the test result comes back.</summary>
    private static DateTimeOffset PositiveTestTime => Scenario.Start.AddDays(Scenario.PositiveDay) + TimeSpan.FromHours(14) - Scenario.Jst;

    private static DateOnly OnsetDate => DateOnly.FromDateTime(Scenario.Start.AddDays(Scenario.OnsetDay).UtcDateTime);

    private static void AdvanceTo(FakeTimeProvider clock, DateTimeOffset target, TimeSpan total, Action<DemoStage, double, string, bool> report) =>
        DemoWorld.AdvanceTo(clock, target, hour => report(DemoStage.Week, (hour - Scenario.Start) / total, DemoWorld.Describe(hour), false));
}
