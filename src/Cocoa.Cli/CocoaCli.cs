using System.CommandLine;
using System.CommandLine.Parsing;
using Cocoa.Cli.Commands;

namespace Cocoa.Cli;

/// <summary>
/// Builds the <c>cocoa</c> command tree and runs it. Exit codes: 0 success (and <c>--help</c>), 1 verification failed,
/// 2 bad input (one line on stderr, <c>cocoa: &lt;option or file&gt;: expected …, got …</c>; a bare <c>cocoa</c> or
/// command group prints its usage on stderr instead), 70 internal error (a bug; one line on stderr).
/// </summary>
internal static class CocoaCli
{
    public const int ExitOk = 0;
    public const int ExitVerificationFailed = 1;
    public const int ExitBadInput = 2;
    public const int ExitInternalError = 70;

    /// <summary>The prefix of every error line.</summary>
    public const string ErrorPrefix = "cocoa: ";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("cocoa — exposure-notification tools for app developers and researchers (Cocoa.Sdk)");
        foreach (Command command in CommandCatalog.Create(stdout, stderr))
        {
            root.Subcommands.Add(command);
        }

        // No response files: an argument such as "@keys" is a value, never a file of arguments to read.
        var parser = new ParserConfiguration { ResponseFileTokenReplacer = null };
        ParseResult parse = root.Parse(args, parser);
        if (parse.Errors.Count > 0)
        {
            Command command = parse.CommandResult.Command;
            if (command.Action is null && command.Subcommands.Count > 0 && parse.UnmatchedTokens.Count == 0)
            {
                // A bare "cocoa" or command group (a command that only holds subcommands): show what can follow it.
                root.Parse([.. CommandPath(parse.CommandResult).Skip(1), "--help"], parser).Invoke(new InvocationConfiguration { Output = stderr, Error = stderr });
                return ExitBadInput;
            }

            stderr.WriteLine(ErrorPrefix + OneLine(Describe(parse)));
            return ExitBadInput;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (CliUsageException ex)
        {
            stderr.WriteLine(ErrorPrefix + OneLine(ex.Message));
            return ExitBadInput;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug must still honour the one-line contract: no stack trace on stderr.
            stderr.WriteLine(ErrorPrefix + OneLine($"internal error: {ex.GetType().Name}: {ex.Message}"));
            return ExitInternalError;
        }
    }

    /// <summary>The first parse error in the one form: the option or command at fault, what was expected, what was given.</summary>
    private static string Describe(ParseResult parse)
    {
        string commandPath = string.Join(' ', CommandPath(parse.CommandResult).Skip(1));
        string subject = commandPath.Length == 0 ? "" : commandPath + ": ";
        string help = commandPath.Length == 0 ? "cocoa --help" : $"cocoa {commandPath} --help";
        if (parse.UnmatchedTokens.Count > 0)
        {
            Command command = parse.CommandResult.Command;
            string expected = command.Subcommands.Count > 0
                ? "a command (" + string.Join(", ", command.Subcommands.Select(c => c.Name)) + ")"
                : "only its options";
            return $"{subject}expected {expected}, got {CliInput.Quote(parse.UnmatchedTokens[0])} (see {help})";
        }

        ParseError error = parse.Errors[0];
        return error.SymbolResult switch
        {
            OptionResult option => CliUsageException.Expected(option.Option.Name, Expectation(option.Option), null).Message,
            ArgumentResult { Argument: var argument } => CliUsageException.Expected($"{commandPath} <{argument.Name}>", argument.Description ?? "a value", null).Message,
            CommandResult { Command.Arguments.Count: > 0 } result when result.Command.Arguments.FirstOrDefault(a => error.Message.Contains($"'{result.Command.Name}'", StringComparison.Ordinal)) is { } argument =>
                CliUsageException.Expected($"{commandPath} <{argument.Name}>", argument.Description ?? "a value", null).Message,
            CommandResult result when MissingRequiredOption(result, error) is { } option => CliUsageException.Expected(option.Name, Expectation(option), null).Message,
            _ => $"{subject}{CliInput.Sentence(error.Message)} (see {help})",
        };
    }

    /// <summary>The required option a command-level error is about (System.CommandLine names it in quotes).</summary>
    private static Option? MissingRequiredOption(CommandResult result, ParseError error) =>
        result.Command.Options.FirstOrDefault(o => o.Required && error.Message.Contains($"'{o.Name}'", StringComparison.Ordinal));

    /// <summary>What an option takes: its help name (e.g. <c>32 hex digits</c>) or its description.</summary>
    private static string Expectation(Option option) => option.HelpName ?? CliInput.Sentence(option.Description ?? "a value");

    private static IEnumerable<string> CommandPath(CommandResult result)
    {
        var names = new Stack<string>();
        for (SymbolResult? current = result; current is not null; current = current.Parent)
        {
            if (current is CommandResult command)
            {
                names.Push(command.Command is RootCommand ? "cocoa" : command.Command.Name);
            }
        }

        return names;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
