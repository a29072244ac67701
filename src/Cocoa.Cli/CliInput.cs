using System.Globalization;
using Cocoa.Sdk.Protocol;

namespace Cocoa.Cli;

/// <summary>
/// A bad argument or a malformed input file, reported in cocoa's one voice: one line on stderr,
/// <c>cocoa: &lt;subject&gt;: &lt;problem&gt;</c>, where the subject is the option, argument or file at fault and the
/// problem says what was expected and what was given (<c>cocoa: --interval: expected an integer, got "abc"</c>); exit code 2.
/// </summary>
internal sealed class CliUsageException : Exception
{
    /// <summary>Creates the error for <paramref name="subject"/> (an option such as <c>--keys</c>, an argument, or a file path).</summary>
    public CliUsageException(string subject, string problem)
        : base($"{subject}: {problem}")
    {
    }

    /// <summary><c>&lt;subject&gt;: expected &lt;expected&gt;, got "&lt;got&gt;"</c> (<c>got nothing</c> when <paramref name="got"/> is null).</summary>
    public static CliUsageException Expected(string subject, string expected, string? got, string? detail = null) =>
        new(subject, $"expected {expected}, got {CliInput.Quote(got)}{(detail is null ? "" : $" ({detail})")}");

    /// <summary>The subject with the first line of a library exception's message (which itself says what was expected).</summary>
    public static CliUsageException From(string subject, Exception exception)
    {
        string message = exception.Message;
        if (exception is ArgumentException { ParamName: { } name } && message.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal))
        {
            message = message[..^$" (Parameter '{name}')".Length];
        }

        return new(subject, CliInput.Sentence(message));
    }
}

/// <summary>
/// Parses option values and opens input files, throwing <see cref="CliUsageException"/> in the one form. Every command
/// (and any new one) reads its options through these helpers rather than parsing or opening files itself.
/// </summary>
internal static class CliInput
{
    private const int MaxQuoted = 60;

    /// <summary><paramref name="value"/> in double quotes (shortened when long), or <c>nothing</c>.</summary>
    public static string Quote(string? value) =>
        value is null ? "nothing"
        : value.Length > MaxQuoted ? $"\"{value[..MaxQuoted]}…\" ({value.Length} characters)"
        : $"\"{value}\"";

    /// <summary>The first line of <paramref name="message"/>, starting lower-case and without a final full stop.</summary>
    public static string Sentence(string message)
    {
        string line = message.ReplaceLineEndings("\n").Split('\n')[0].Trim().TrimEnd('.');
        return line.Length > 1 && char.IsUpper(line[0]) && !char.IsUpper(line[1]) ? char.ToLowerInvariant(line[0]) + line[1..] : line;
    }

    /// <summary>A required text value.</summary>
    public static string Required(string subject, string? value, string expected) =>
        value ?? throw CliUsageException.Expected(subject, expected, null);

    /// <summary>An integer in <paramref name="min"/>..<paramref name="max"/>.</summary>
    public static long Integer(string subject, string? text, long min, long max)
    {
        string expected = $"an integer from {min} to {max}";
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            throw CliUsageException.Expected(subject, text is null ? expected : "an integer", text, text is null ? null : $"allowed: {min} to {max}");
        }

        return value >= min && value <= max ? value : throw CliUsageException.Expected(subject, expected, text);
    }

    /// <summary>Exactly <paramref name="byteCount"/> bytes as hex.</summary>
    public static byte[] Hex(string subject, string? text, int byteCount)
    {
        string expected = $"{byteCount * 2} hex digits";
        if (text is null || text.Length != byteCount * 2)
        {
            throw CliUsageException.Expected(subject, expected, text, text is null ? null : $"{text.Length} characters");
        }

        byte[] bytes = new byte[byteCount];
        return Convert.FromHexString(text, bytes, out _, out int written) == System.Buffers.OperationStatus.Done && written == byteCount
            ? bytes
            : throw CliUsageException.Expected(subject, expected, text, "not hex: use 0-9 and a-f");
    }

    /// <summary>The text of the file <paramref name="path"/> given for <paramref name="subject"/>.</summary>
    public static string ReadText(string subject, string path) => Read(subject, path, File.ReadAllText);

    /// <summary>The bytes of the file <paramref name="path"/> given for <paramref name="subject"/>.</summary>
    public static byte[] ReadBytes(string subject, string path) => Read(subject, path, File.ReadAllBytes);

    /// <summary>Reads a <c>keys.json</c> file given with <c>--keys</c> (the library's one reader, <see cref="KeysJson"/>).</summary>
    public static KeysJsonDocument ReadKeysFile(string path)
    {
        byte[] json = ReadBytes("--keys", path);
        try
        {
            return KeysJson.Parse(json);
        }
        catch (ProtocolFormatException ex)
        {
            throw new CliUsageException(path, ex.Message);
        }
    }

    /// <summary>The lines of the file <paramref name="path"/> given for <paramref name="subject"/>.</summary>
    public static List<string> ReadLines(string subject, string path) => Read(subject, path, p => File.ReadLines(p).ToList());

    /// <summary>Opens the file <paramref name="path"/> given for <paramref name="subject"/> for reading.</summary>
    public static FileStream OpenRead(string subject, string path) => Read(subject, path, File.OpenRead);

    /// <summary>Checks that <paramref name="path"/> is a readable file, with the reason when it is not.</summary>
    public static void RequireFile(string subject, string path) => Read(subject, path, p => { using FileStream _ = File.OpenRead(p); return 0; });

    /// <summary>Creates (or replaces) the output file <paramref name="path"/> given for <paramref name="subject"/>.</summary>
    public static FileStream Create(string subject, string path)
    {
        if (Directory.Exists(path))
        {
            throw CliUsageException.Expected(subject, "a file to write", path, "a directory");
        }

        try
        {
            return File.Create(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw CliUsageException.Expected(subject, "a file to write", path, Reason(ex));
        }
    }

    private static T Read<T>(string subject, string path, Func<string, T> read)
    {
        const string expected = "a readable file";
        if (Directory.Exists(path))
        {
            throw CliUsageException.Expected(subject, expected, path, "a directory");
        }

        if (!File.Exists(path))
        {
            throw CliUsageException.Expected(subject, expected, path, "no such file");
        }

        try
        {
            return read(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw CliUsageException.Expected(subject, expected, path, Reason(ex));
        }
    }

    private static string Reason(Exception ex) => ex switch
    {
        UnauthorizedAccessException => "permission denied",
        DirectoryNotFoundException => "no such directory",
        FileNotFoundException => "no such file",
        _ => Sentence(ex.Message),
    };
}
