using System.Security.Cryptography;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Runtime;
using Cocoa.Sdk.Runtime.Internal;
using Cocoa.Sdk.Simulation;
using FsCheck.Xunit;
using Microsoft.Extensions.Options;
using Xunit;

namespace Cocoa.Sdk.Tests.Runtime;

/// <summary>
/// The OS's semantics: a day's risk is computed from every exposure window matched by any diagnosis key of the last
/// 14 days, so the verdict does not depend on how the server split the keys into files or how the files arrived.
/// </summary>
public sealed class CumulativeRiskTests
{
    private static readonly DateTimeOffset Day0 = RuntimeHarness.Start;

    [Fact]
    public async Task Four_positives_met_for_seven_minutes_each_add_up_to_a_notification_whichever_files_they_arrive_in()
    {
        // X met four people who later tested positive, 7 minutes each at about 1 m, on one day; each registered at a
        // different hour, so hourly publication put each person's key in a file of its own.
        var contacts = Enumerable.Range(0, 4)
            .Select(i => new Contact(PlantedContacts.DayKey(Day0), Day0.AddHours(1 + (2 * i)), 7, PlantedContacts.OneMetreDb))
            .ToList();
        DiagnosisKey[] published = [.. contacts.Select(c => PlantedContacts.Published(c.Key))];

        Outcome oneFile = await RunAsync(contacts, [[[.. published]]]);
        Outcome fourFilesOneCheck = await RunAsync(contacts, [[[published[0]], [published[1]], [published[2]], [published[3]]]]);
        Outcome fourChecks = await RunAsync(contacts, [[[published[0]]], [[published[1]]], [[published[2]]], [[published[3]]]]);

        var day = DateOnly.FromDateTime(Day0.UtcDateTime);
        foreach (Outcome outcome in new[] { oneFile, fourFilesOneCheck, fourChecks })
        {
            Assert.Equal([day], outcome.Notified);
            ExposureDay summary = Assert.Single(outcome.Days);
            Assert.True(summary.IsHighRisk);
            Assert.Equal(4 * 7 * 60, summary.ScanSeconds);
        }

        Assert.Equal(oneFile.Days, fourChecks.Days);

        // Someone who met only one of them for 7 minutes is not notified, however the files arrive.
        Outcome single = await RunAsync([contacts[0]], [[[published[0]], [published[1]]], [[published[2], published[3]]]]);
        Assert.Empty(single.Notified);
        Assert.False(Assert.Single(single.Days).IsHighRisk);
    }

    [Fact]
    public async Task Two_positives_met_for_ten_minutes_each_give_the_same_verdict_in_one_file_or_two()
    {
        var contacts = new[]
        {
            new Contact(PlantedContacts.DayKey(Day0), Day0.AddHours(2), 10, PlantedContacts.OneMetreDb),
            new Contact(PlantedContacts.DayKey(Day0), Day0.AddHours(6), 10, PlantedContacts.OneMetreDb),
        };
        DiagnosisKey p1 = PlantedContacts.Published(contacts[0].Key), p2 = PlantedContacts.Published(contacts[1].Key);

        Outcome together = await RunAsync(contacts, [[[p1, p2]]]);
        Outcome apart = await RunAsync(contacts, [[[p1], [p2]]]);
        Outcome apartInTwoChecks = await RunAsync(contacts, [[[p2]], [[p1]]]);

        Assert.Single(together.Notified);
        Assert.Equal(together.Notified, apart.Notified);
        Assert.Equal(together.Notified, apartInTwoChecks.Notified);
        Assert.Equal(together.Days, apartInTwoChecks.Days);
        Assert.Equal(1200, Assert.Single(together.Days).ScanSeconds);
    }

    /// <summary>
    /// For random diagnosis keys with planted contacts, any split of the keys into files and any split of the files into
    /// successive checks yields the same days, the same high-risk days and the same notifications as one check over one file.
    /// </summary>
    [Property(MaxTest = 30)]
    public void Any_split_into_files_and_checks_gives_the_verdict_of_one_check_over_one_file(int seed)
    {
        var random = new Random(seed);
        var contacts = new List<Contact>();
        var keys = new List<DiagnosisKey>();
        int[] attenuations = [40, 50, 52, 58, 63, 70, 80];
        for (int p = random.Next(1, 6); p > 0; p--)
        {
            for (int d = random.Next(1, 3); d > 0; d--)
            {
                int day = random.Next(0, 3);
                TemporaryExposureKey key = PlantedContacts.DayKey(Day0.AddDays(day));
                keys.Add(PlantedContacts.Published(key));
                for (int c = random.Next(0, 3); c > 0; c--)
                {
                    DateTimeOffset start = Day0.AddDays(day).AddMinutes(random.Next(0, 23 * 60));
                    contacts.Add(new Contact(key, start, random.Next(1, 16), attenuations[random.Next(attenuations.Length)]));
                }
            }
        }

        for (int n = random.Next(0, 15); n > 0; n--)
        {
            keys.Add(PlantedContacts.Published(PlantedContacts.DayKey(Day0.AddDays(random.Next(0, 3))))); // nobody this phone met
        }

        keys = [.. keys.OrderBy(_ => random.Next())];
        int fileCount = random.Next(1, Math.Min(6, keys.Count) + 1);
        List<DiagnosisKey>[] files = [.. Enumerable.Range(0, fileCount).Select(_ => new List<DiagnosisKey>())];
        for (int i = 0; i < keys.Count; i++)
        {
            files[i < fileCount ? i : random.Next(fileCount)].Add(keys[i]); // every file has at least one key
        }

        var checks = new List<List<DiagnosisKey[]>>();
        foreach (List<DiagnosisKey> file in files)
        {
            if (checks.Count == 0 || random.Next(2) == 0)
            {
                checks.Add([]);
            }

            checks[^1].Add([.. file]);
        }

        Outcome reference = RunAsync(contacts, [[[.. keys]]]).GetAwaiter().GetResult();
        Outcome split = RunAsync(contacts, checks).GetAwaiter().GetResult();
        Assert.Equal(reference.Days, split.Days);
        Assert.Equal(split.Notified.Distinct().Count(), split.Notified.Count); // each day once
        Assert.Equal(reference.Notified.Order(), split.Notified.Order());      // the same days (split checks may find them in another order)
        Assert.Equal(reference.Days.Where(d => d.IsHighRisk).Select(d => d.Date), split.Notified.Order());
    }

    /// <summary>Runs a phone with the planted contacts through successive checks; each check publishes its files first.</summary>
    private static async Task<Outcome> RunAsync(IReadOnlyList<Contact> contacts, IReadOnlyList<IReadOnlyList<DiagnosisKey[]>> checks)
    {
        await using var h = new RuntimeHarness();
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        SimulatedDevice device = h.Air.AddDevice("phone", RadioProfile.Pixel4, new Position(0, 0));
        var source = new InMemoryExportFileSource();
        var handler = new Collector();
        var options = new ExposureNotificationOptions
        {
            DatabasePath = h.Files.PathFor("phone.db"),
            TrustedExportKeys = TestExports.TrustedKeys(signer),
            Calibration = RadioProfile.Pixel4.Calibration,
            DurableWrites = false,
        };
        await using var client = new ExposureNotificationClient(
            Options.Create(options), device.Advertiser, device.Scanner, h.Time, source, null, [handler], new SeededRandomSource(1));
        await client.GrantConsentAsync();
        foreach (Contact c in contacts)
        {
            PlantedContacts.Plant(client.Store, c.Key, c.Start, c.Minutes, c.AttenuationDb, options.Calibration.RssiCorrectionDb);
        }

        h.Time.Advance(TimeSpan.FromDays(3)); // keys are published after their day
        foreach (IReadOnlyList<DiagnosisKey[]> check in checks)
        {
            foreach (DiagnosisKey[] file in check)
            {
                source.Publish("440", TestExports.Create(file, signer));
            }

            ExposureCheckResult result = await client.CheckExposureAsync();
            Assert.True(result.Succeeded, string.Join("; ", result.Errors));
            h.Time.Advance(TimeSpan.FromHours(1));
        }

        return new Outcome(client.GetExposureDays(), [.. handler.Days]);
    }

    private sealed record Contact(TemporaryExposureKey Key, DateTimeOffset Start, int Minutes, int AttenuationDb);

    private sealed record Outcome(IReadOnlyList<ExposureDay> Days, IReadOnlyList<DateOnly> Notified);

    private sealed class Collector : IExposureDetectedHandler
    {
        public List<DateOnly> Days { get; } = [];

        public Task OnExposureDetectedAsync(ExposureDetectedEventArgs exposure, CancellationToken cancellationToken)
        {
            Days.Add(exposure.Day.Date);
            return Task.CompletedTask;
        }
    }
}
