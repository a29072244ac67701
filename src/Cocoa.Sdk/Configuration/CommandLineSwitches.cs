namespace Cocoa.Sdk.Configuration;

/// <summary>
/// Checks a server's or tool's command line against the switches it knows, so a misspelt option stops the program at
/// start-up with one line naming it instead of being silently ignored.
/// </summary>
public static class CommandLineSwitches
{
    /// <summary>Switches of the ASP.NET Core host itself, accepted by every server.</summary>
    public static IReadOnlyList<string> HostSwitches { get; } = ["--urls", "--environment", "--contentRoot", "--applicationName"];

    /// <summary>Finds the first switch of <paramref name="args"/> that is not in <paramref name="known"/>.</summary>
    /// <param name="args">The command line (<c>--name value</c> or <c>--name=value</c>; values are skipped).</param>
    /// <param name="known">The known switches, with their leading dashes (e.g. <c>--data-dir</c>).</param>
    /// <param name="problem">One line naming the unknown switch (and the nearest known one), or <see langword="null"/>.</param>
    /// <returns>Whether every switch is known.</returns>
    public static bool TryValidate(IReadOnlyList<string> args, IEnumerable<string> known, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(known);
        var names = new HashSet<string>(known, StringComparer.OrdinalIgnoreCase);
        problem = null;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith('-'))
            {
                continue; // a value
            }

            string name = arg.Split('=', 2)[0];
            if (name.Contains(':', StringComparison.Ordinal) && name.StartsWith("--", StringComparison.Ordinal))
            {
                // A configuration path (--Section:Key=value): the application checks its own section's keys.
                i += arg.Contains('=', StringComparison.Ordinal) ? 0 : 1;
                continue;
            }

            if (!name.StartsWith("--", StringComparison.Ordinal) || !names.Contains(name))
            {
                string? nearest = names.MinBy(n => Distance(n, name));
                problem = nearest is not null && Distance(nearest, name) <= 3
                    ? $"{name}: unknown option (did you mean {nearest}?)"
                    : $"{name}: unknown option";
                return false;
            }

            if (!arg.Contains('=', StringComparison.Ordinal))
            {
                i++; // skip its value
            }
        }

        return true;
    }

    /// <summary>Levenshtein distance, case-insensitive.</summary>
    private static int Distance(string a, string b)
    {
        a = a.ToUpperInvariant();
        b = b.ToUpperInvariant();
        int[] previous = new int[b.Length + 1], current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
