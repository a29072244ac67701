using System.CommandLine;

namespace Cocoa.Cli.Commands;

/// <summary>Every top-level <c>cocoa</c> command, one file per command group.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create(TextWriter stdout, TextWriter stderr)
    {
        yield return DeriveCommand.Create(stdout, stderr);
        yield return SubmitCommand.Create(stdout, stderr);
        yield return BleCommand.Create(stdout, stderr);
        yield return ExportCommand.Create(stdout, stderr);
        yield return MatchCommand.Create(stdout, stderr);
        yield return SimulateCommand.Create(stdout, stderr);
    }
}
