using System.Text;

namespace Cocoa.Sdk.Ble.Internal;

/// <summary>Splits one CSV line into fields (RFC 4180 quoting within a line: "a,b" and doubled quotes).</summary>
internal static class CsvFields
{
    /// <summary>Splits <paramref name="line"/>; returns false (with a reason) on an unterminated or misplaced quote.</summary>
    public static bool TrySplit(string line, List<string> fields, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        fields.Clear();
        var field = new StringBuilder();
        int i = 0;
        while (true)
        {
            field.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        error = "unterminated quoted field";
                        return false;
                    }

                    char c = line[i++];
                    if (c != '"')
                    {
                        field.Append(c);
                    }
                    else if (i < line.Length && line[i] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        break;
                    }
                }

                if (i < line.Length && line[i] != ',')
                {
                    error = $"unexpected character after a quoted field at column {i + 1}";
                    return false;
                }
            }
            else
            {
                int end = line.IndexOf(',', i);
                if (end < 0)
                {
                    end = line.Length;
                }

                field.Append(line, i, end - i);
                i = end;
            }

            fields.Add(field.ToString().Trim());
            if (i >= line.Length)
            {
                error = null;
                return true;
            }

            i++; // the comma
        }
    }
}
