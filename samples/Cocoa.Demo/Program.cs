using System.Globalization;
using System.Text.Json;
using Cocoa.Demo;
using Spectre.Console;

// dotnet run --project samples/Cocoa.Demo [-- --seed N] [--json]
const string Usage = "usage: Cocoa.Demo [--seed <integer>] [--json]";
if (args is ["--help"] or ["-h"] or ["-?"])
{
    Console.WriteLine(Usage);
    Console.WriteLine("  --seed <integer>  another deterministic run (default 20261116)");
    Console.WriteLine("  --json            print one JSON object instead of the tables");
    return 0;
}

bool json = args.Contains("--json");
int seed = 20261116;
int seedIndex = Array.IndexOf(args, "--seed");
if (seedIndex >= 0 && (seedIndex + 1 >= args.Length || !int.TryParse(args[seedIndex + 1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seed)))
{
    Console.Error.WriteLine(Usage);
    return 2;
}

if (args.Except(["--json", "--seed"]).Any(a => seedIndex < 0 || a != args[seedIndex + 1]))
{
    Console.Error.WriteLine(Usage);
    return 2;
}

DemoOutcome outcome;
if (json)
{
    // Machine-readable mode: nothing but the JSON object on stdout.
    outcome = await DemoRunner.RunAsync(seed);
    using Stream stdout = Console.OpenStandardOutput();
    DemoJson.Write(outcome, stdout);
    stdout.WriteByte((byte)'\n');
    return outcome.Completed ? 0 : 1;
}

IAnsiConsole console = AnsiConsole.Console;
console.Write(new Rule("[bold]COCOA end-to-end demo[/] — 接触確認アプリのしくみ").LeftJustified());
console.MarkupLine($"seed {seed}; a simulated week on one simulated clock; real HTTP between the phones and the servers\n");
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
            [DemoStage.Week] = context.AddTask("A week of office and train"),
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
        DemoOutcome result = await DemoRunner.RunAsync(seed, progress);
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

var contacts = new Table().Title("Ground truth: contacts (close = with Aiko, ≤ 1.5 m in the same room, ≥ 15 min that day)")
    .AddColumns("Day", "A", "B", "Distance", "Wall", "Minutes", "Close contact");
foreach (Contact c in outcome.Contacts)
{
    contacts.AddRow(
        Scenario.Start.AddDays(c.Day).ToString("ddd", CultureInfo.InvariantCulture), c.A, c.B,
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
        _ => phone.Person == Scenario.Positive ? "registered positive" : "true negative",
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

static string Shorten(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";

/// <summary>Runs the callback on the reporting thread (Progress&lt;T&gt; would post to the thread pool and reorder updates).</summary>
internal sealed class SynchronousProgress(Action<DemoProgress> report) : IProgress<DemoProgress>
{
    public void Report(DemoProgress value) => report(value);
}
