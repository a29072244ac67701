using System.Globalization;
using System.Text.Json;
using Cocoa.Demo;
using Spectre.Console;

// dotnet run --project samples/Cocoa.Demo [-- [--scenario <file.json>] [--seed N] [--json]]
const string Usage = "usage: Cocoa.Demo [--scenario <file.json>] [--seed <integer>] [--json]";
bool json = false;
int seed = 20261116;
ScenarioDefinition? scenario = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--help" or "-h" or "-?":
            Console.WriteLine(Usage);
            Console.WriteLine("  --scenario <file.json>  run a scenario file (docs/demo.md) instead of the built-in week");
            Console.WriteLine("  --seed <integer>        seed of every simulated random choice (default 20261116)");
            Console.WriteLine("  --json                  print one JSON object on stdout and nothing else");
            return 0;
        case "--json":
            json = true;
            break;
        case "--seed" when i + 1 < args.Length:
            if (!int.TryParse(args[++i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seed))
            {
                return Fail($"--seed: expected an integer, got \"{args[i]}\"");
            }

            break;
        case "--scenario" when i + 1 < args.Length:
            string path = args[++i];
            if (Directory.Exists(path) || !File.Exists(path))
            {
                return Fail($"--scenario: {path}: {(Directory.Exists(path) ? "is a directory, expected a file" : "file not found")}");
            }

            try
            {
                scenario = ScenarioFile.Parse(File.ReadAllText(path));
            }
            catch (ScenarioFormatException ex)
            {
                return Fail($"--scenario: {path}: {ex.Message}");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Fail($"--scenario: {path}: cannot be read ({ex.Message})");
            }

            break;
        case "--seed" or "--scenario":
            return Fail($"{args[i]}: expected a value");
        default:
            return Fail($"unknown option \"{args[i]}\"");
    }
}

Task<DemoOutcome> Run(IProgress<DemoProgress>? progress) =>
    scenario is null ? DemoRunner.RunAsync(seed, progress) : ScenarioRunner.RunAsync(scenario, seed, progress);

DemoOutcome outcome;
if (json)
{
    // Machine-readable mode: nothing but the JSON object on stdout.
    outcome = await Run(null);
    using Stream stdout = Console.OpenStandardOutput();
    DemoJson.Write(outcome, stdout);
    stdout.WriteByte((byte)'\n');
    return outcome.Completed ? 0 : 1;
}

IAnsiConsole console = AnsiConsole.Console;
console.Write(new Rule("[bold]COCOA end-to-end demo[/] — 接触確認アプリのしくみ").LeftJustified());
console.MarkupLine($"seed {seed}; {(scenario is null ? "a simulated week" : $"a {scenario.Days}-day scenario")} on one simulated clock; real HTTP between the phones and the servers\n");
// The bars must survive an 80-column terminal: the bar narrows with the terminal and the stage text is cut to what is left
// (bar + percentage + spinner + column gaps).
int width = console.Profile.Width;
int barWidth = Math.Clamp(width / 4, 10, 40);
int descriptionWidth = Math.Max(16, width - barWidth - 14);
outcome = await console.Progress()
    .AutoClear(false)
    .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = barWidth }, new PercentageColumn(), new SpinnerColumn())
    .StartAsync(async context =>
    {
        var tasks = new Dictionary<DemoStage, ProgressTask>
        {
            [DemoStage.Setup] = context.AddTask("Servers and phones"),
            [DemoStage.Week] = context.AddTask(scenario is null ? "A week of office and train" : $"{scenario.Days} days of the scenario"),
            [DemoStage.Registration] = context.AddTask("Positive registration"),
            [DemoStage.Checks] = context.AddTask("Exposure checks"),
        };
        var progress = new SynchronousProgress(p =>
        {
            ProgressTask task = tasks[p.Stage];
            task.Value = Math.Clamp(p.Fraction, 0, 1) * 100;
            string stage = p.Stage switch { DemoStage.Setup => "Servers and phones", DemoStage.Week => "Week", DemoStage.Registration => "Registration", _ => "Checks" };
            task.Description = Markup.Escape(Shorten($"{stage}: {p.Message}", descriptionWidth));
        });
        DemoOutcome result = await Run(progress);
        foreach (ProgressTask task in tasks.Values)
        {
            task.Value = 100;
        }

        return result;
    });

console.WriteLine();
foreach (string line in outcome.Story)
{
    console.MarkupLine("• " + Markup.Escape(line));
}

var contacts = new Table().Title("Ground truth: contacts (close = with a positive person, ≤ 1.5 m in the same room, ≥ 15 min that day)")
    .AddColumns("Day", "A", "B", "Distance", "Wall", "Minutes", "Close contact");
foreach (Contact c in outcome.Contacts)
{
    contacts.AddRow(
        (scenario?.StartUtc ?? Scenario.Start).AddDays(c.Day).ToString("ddd d", CultureInfo.InvariantCulture), c.A, c.B,
        c.DistanceMeters.ToString("0.0 m", CultureInfo.InvariantCulture), c.ThroughWall ? "yes" : "", c.Minutes.ToString(CultureInfo.InvariantCulture),
        c.CloseContact ? "[bold]yes[/]" : "no");
}

console.WriteLine();
console.Write(contacts);

var phones = new Table().Title("Who was notified").AddColumns("Phone", "Radio, tx/rx error dB", "Close (truth)", "Notified", "");
foreach (PhoneOutcome phone in outcome.Phones)
{
    string verdict = (phone.CloseContact, phone.Notified) switch
    {
        (true, true) => "[green]true positive[/]",
        (false, true) => "[red]false positive[/]",
        (true, false) => "[red]false negative[/]",
        _ => (scenario?.Positives.Any(p => p.Person == phone.Person) ?? phone.Person == Scenario.Positive) ? "registered positive" : "true negative",
    };
    phones.AddRow(phone.Person, Markup.Escape(phone.Radio), phone.CloseContact ? "yes" : "no", phone.Notified ? "🔔 yes" : "no", verdict);
}

console.Write(phones);
console.MarkupLine($"\nTrue positives [green]{outcome.TruePositives}[/], false positives [red]{outcome.FalsePositives}[/], false negatives [red]{outcome.FalseNegatives}[/]");
if (outcome.Phones.FirstOrDefault(p => p.Notices.Count > 0) is { } example)
{
    console.WriteLine();
    console.Write(new Panel(Markup.Escape(example.Notices[0].Render())).Header($"What {example.Person}'s phone shows"));
}

console.MarkupLine(outcome.Completed ? "\n[green]The flow completed.[/]" : "\n[red]The flow did not complete.[/]");
return outcome.Completed ? 0 : 1;

static int Fail(string message)
{
    Console.Error.WriteLine("Cocoa.Demo: " + message);
    return 2;
}

static string Shorten(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";

/// <summary>Runs the callback on the reporting thread (Progress&lt;T&gt; would post to the thread pool and reorder updates).</summary>
internal sealed class SynchronousProgress(Action<DemoProgress> report) : IProgress<DemoProgress>
{
    public void Report(DemoProgress value) => report(value);
}
