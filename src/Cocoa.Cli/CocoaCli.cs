using System.CommandLine;
using System.CommandLine.Parsing;
using Cocoa.Cli.Commands;

namespace Cocoa.Cli;

/// <summary>Builds the <c>cocoa</c> command tree; exit codes: 0 success, 1 verification failure, 2 bad input, 70 internal error.</summary>
internal static class CocoaCli
{
    public const int ExitOk = 0;
    public const int ExitVerificationFailed = 1;
    public const int ExitBadInput = 2;
    public const int ExitInternalError = 70;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("cocoa — exposure-notification tools for app developers and researchers (Cocoa.Sdk)");
        foreach (Command command in CommandCatalog.Create(stdout, stderr))
        {
            root.Subcommands.Add(command);
        }

        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // "cocoa bogus" yields "Required command was not provided." before "Unrecognized command or argument 'bogus'.": name the stray token.
            ParseError error = parse.Errors.FirstOrDefault(e => parse.UnmatchedTokens.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal))) ?? parse.Errors[0];
            stderr.WriteLine(OneLine(error.Message));
            return ExitBadInput;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (CliUsageException ex)
        {
            stderr.WriteLine(OneLine(ex.Message));
            return ExitBadInput;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug must still honour the one-line contract: no stack trace on stderr.
            stderr.WriteLine(OneLine($"internal error: {ex.GetType().Name}: {ex.Message}"));
            return ExitInternalError;
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}

/// <summary>A bad argument or malformed input file: reported as one line on stderr with exit code 2.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
