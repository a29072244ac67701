using System.Diagnostics;
using System.Text.Json;
using Cocoa.Demo;
using Cocoa.TestInfrastructure;
using Xunit;

namespace Cocoa.EndToEnd.Tests;

/// <summary>
/// The demo on scenario files (docs/demo.md): the same end-to-end flow, a daily check on every phone, positives on
/// different days published in different files — and the daily risk adds up across those files.
/// </summary>
public sealed class ScenarioFileTests
{
    private static string FourPositives => Path.Combine(RepositoryPaths.Root, "samples", "Cocoa.Demo", "Scenarios", "four-positives.json");

    [Fact]
    public async Task Four_positives_in_four_files_notify_the_person_who_met_them_all_and_not_the_one_who_met_one()
    {
        ScenarioDefinition scenario = ScenarioFile.Parse(File.ReadAllText(FourPositives));
        DemoOutcome outcome = await ScenarioRunner.RunAsync(scenario, seed: 1);

        Assert.True(outcome.Completed, string.Join("\n", outcome.Story));
        Assert.Equal(4, outcome.Story.Count(line => line.Contains("publishes a signed export", StringComparison.Ordinal)));
        Assert.Equal(["X"], outcome.Notified);
        DemoNotification notice = Assert.Single(outcome.Notifications);
        Assert.Equal(1, notice.ExposureDay);
        Assert.InRange(notice.CheckDay, 3, 5); // once enough of the four files have arrived; each 7-minute contact alone is not enough
        Assert.DoesNotContain("Z", outcome.Notified); // 7 minutes with P1 only
        Assert.DoesNotContain("Y", outcome.Notified); // 4 m from P2
        Assert.Equal((1, 0, 0), (outcome.TruePositives, outcome.FalsePositives, outcome.FalseNegatives));
    }

    [Fact]
    public async Task Bluetooth_off_and_withdrawn_consent_mean_nothing_is_recorded_and_nobody_is_notified()
    {
        ScenarioDefinition scenario = ScenarioFile.Parse("""
            {
              "start": "2026-11-16",
              "days": 4,
              "people": ["P", "A", "B", "C"],
              "gatherings": [
                {"day": 0, "start": "10:00", "minutes": 30, "place": "meeting",
                 "attendees": [{"person": "P", "x": 0, "y": 0}, {"person": "A", "x": 1, "y": 0}, {"person": "B", "x": 0, "y": 1}, {"person": "C", "x": -1, "y": 0}]}
              ],
              "positives": [{"person": "P", "onsetDay": 1, "positiveDay": 1}],
              "bluetoothOff": [{"person": "B", "fromDay": 0, "toDay": 0}],
              "consentWithdrawn": [{"person": "C", "day": 2}]
            }
            """);
        DemoOutcome outcome = await ScenarioRunner.RunAsync(scenario, seed: 2);

        Assert.True(outcome.Completed, string.Join("\n", outcome.Story));
        Assert.Contains("A", outcome.Notified);
        Assert.DoesNotContain("B", outcome.Notified); // heard nothing: Bluetooth was off
        Assert.Contains(outcome.Notifications, n => n.Person == "C" && n.CheckDay == 1); // before withdrawing
        Assert.DoesNotContain(outcome.Notifications, n => n.Person == "C" && n.CheckDay >= 2);
        Assert.Empty(outcome.Phones.Single(p => p.Person == "C").Notices); // the withdrawal erased them
        Assert.Equal(1, outcome.Notifications.Count(n => n.Person == "A")); // the day is notified once, not at every check
    }

    [Theory]
    [InlineData("""{"days": 3, "people": ["A", "B"], "extra": 1}""", "extra: unknown field")]
    [InlineData("""{"people": ["A", "B"]}""", "days: missing")]
    [InlineData("""{"days": 0, "people": ["A"]}""", "days: expected an integer from 1 to 21, got 0")]
    [InlineData("""{"days": 3, "people": ["A", "A"]}""", "people[1]: \"A\" is listed twice")]
    [InlineData("""{"days": 3, "people": ["A", "B"], "gatherings": [{"day": 1, "start": "10:00", "minutes": 5, "attendees": [{"person": "A", "x": 0, "y": 0}, {"person": "Q", "x": 1, "y": 0}]}]}""", "gatherings[0].attendees[1].person: \"Q\" is not in people")]
    [InlineData("""{"days": 3, "people": ["A", "B"], "gatherings": [{"day": 3, "start": "10:00", "minutes": 5, "attendees": [{"person": "A", "x": 0, "y": 0}, {"person": "B", "x": 1, "y": 0}]}]}""", "gatherings[0].day: expected an integer from 0 to 2")]
    [InlineData("""{"days": 3, "people": ["A", "B"], "gatherings": [{"day": 1, "start": "25:00", "minutes": 5, "attendees": [{"person": "A", "x": 0, "y": 0}, {"person": "B", "x": 1, "y": 0}]}]}""", "gatherings[0].start: expected a Japan time HH:mm")]
    [InlineData("""{"days": 3, "people": ["A", "B"], "gatherings": [{"day": 1, "start": "23:30", "minutes": 45, "attendees": [{"person": "A", "x": 0, "y": 0}, {"person": "B", "x": 1, "y": 0}]}]}""", "gatherings[0].minutes: the gathering runs past midnight")]
    [InlineData("""{"days": 3, "people": ["A", "B"], "gatherings": [{"day": 1, "start": "10:00", "minutes": 5, "attendees": [{"person": "A", "x": 0, "y": 0}, {"person": "B", "x": 1, "y": 0, "z": 2}]}]}""", "gatherings[0].attendees[1].z: unknown field")]
    [InlineData("""{"days": 3, "people": ["A", "B"], "gatherings": [{"day": 1, "start": "10:00", "minutes": 30, "attendees": [{"person": "A", "x": 0, "y": 0}, {"person": "B", "x": 1, "y": 0}]}, {"day": 1, "start": "10:15", "minutes": 5, "attendees": [{"person": "A", "x": 0, "y": 0}, {"person": "B", "x": 1, "y": 0}]}]}""", "gatherings[1]: \"A\" is also at gatherings[0] at the same time")]
    [InlineData("""{"days": 3, "people": ["A", "B"], "positives": [{"person": "A", "onsetDay": 2, "positiveDay": 1}]}""", "positives[0].onsetDay: 2 is after positiveDay 1")]
    [InlineData("""{"days": 3, "people": ["A", "B"], "bluetoothOff": [{"person": "B", "fromDay": 2, "toDay": 1}]}""", "bluetoothOff[0].toDay: expected an integer from 2 to 2")]
    [InlineData("""{"days": 3, "people": ["A", "B"], "positives": [{"person": "A", "positiveDay": 2}], "consentWithdrawn": [{"person": "A", "day": 1}]}""", "consentWithdrawn[0].day: \"A\" withdraws on day 1 but registers a positive result on day 2")]
    [InlineData("""{"days": 3, "people": ["A", "B"], "start": "2026-13-01"}""", "start: expected a date YYYY-MM-DD")]
    [InlineData("""{"days": 3, "days": 4, "people": ["A", "B"]}""", "days: given twice")]
    [InlineData("""[1, 2]""", "$: expected an object")]
    public void A_malformed_or_inconsistent_scenario_is_one_error_naming_the_field(string json, string expected)
    {
        var ex = Assert.Throws<ScenarioFormatException>(() => ScenarioFile.Parse(json));
        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void The_sample_scenario_and_the_documented_example_parse()
    {
        ScenarioDefinition four = ScenarioFile.Parse(File.ReadAllText(FourPositives));
        Assert.Equal(4, four.Positives.Count);
        string doc = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "demo.md"));
        int start = doc.IndexOf("```json", StringComparison.Ordinal) + "```json".Length;
        string example = doc[start..doc.IndexOf("```", start, StringComparison.Ordinal)];
        ScenarioDefinition parsed = ScenarioFile.Parse(example);
        Assert.Equal(new DateOnly(2026, 11, 16), parsed.StartDate);
        Assert.Equal(10, parsed.Days);
        Assert.NotNull(Assert.Single(parsed.Gatherings).Wall);
    }

    [Fact]
    public async Task The_command_line_reports_a_bad_scenario_in_one_line_with_exit_code_2_and_help_exits_0()
    {
        string bad = Path.Combine(Path.GetTempPath(), "cocoa-scenario-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(bad, """{"days": 3, "people": ["A", "B"], "oops": true}""");
        try
        {
            (int code, string stdout, string stderr) = await RunDemoAsync("--scenario", bad, "--json");
            Assert.Equal(2, code);
            Assert.Empty(stdout);
            Assert.Equal($"Cocoa.Demo: --scenario: {bad}: oops: unknown field (expected one of start, days, people, gatherings, positives, bluetoothOff, consentWithdrawn)", stderr.TrimEnd());

            (code, _, stderr) = await RunDemoAsync("--scenario", Path.GetTempPath());
            Assert.Equal(2, code);
            Assert.Contains("is a directory, expected a file", stderr, StringComparison.Ordinal);

            (code, stdout, _) = await RunDemoAsync("--help");
            Assert.Equal(0, code);
            Assert.Contains("--scenario <file.json>", stdout, StringComparison.Ordinal);

            (code, _, stderr) = await RunDemoAsync("--frobnicate");
            Assert.Equal(2, code);
            Assert.Equal("Cocoa.Demo: unknown option \"--frobnicate\"", stderr.TrimEnd());
        }
        finally
        {
            File.Delete(bad);
        }
    }

    [Fact]
    public async Task The_command_line_runs_a_scenario_and_prints_the_notifications()
    {
        (int code, string stdout, string stderr) = await RunDemoAsync("--scenario", FourPositives, "--seed", "1", "--json");
        Assert.True(code == 0, stderr);
        using JsonDocument json = JsonDocument.Parse(stdout);
        JsonElement root = json.RootElement;
        Assert.Equal(["phones", "contacts", "notified", "notifications", "truePositives", "falsePositives", "falseNegatives"], root.EnumerateObject().Select(p => p.Name).ToArray());
        JsonElement n = Assert.Single(root.GetProperty("notifications").EnumerateArray().ToArray());
        Assert.Equal(["person", "checkDay", "exposureDay"], n.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("X", n.GetProperty("person").GetString());
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunDemoAsync(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Cocoa.Demo.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (process.ExitCode, await stdout, await stderr);
    }
}
