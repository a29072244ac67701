using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;

namespace Cocoa.Sdk.Risk.Internal;

/// <summary>Typed reads from a parsed configuration file; every failure is a <see cref="ConfigurationFormatException"/> naming the property.</summary>
internal static class ConfigJson
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16 };

    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8Json)
    {
        // The JSON reader checks UTF-8 only when a string is decoded, where it throws InvalidOperationException.
        if (!Utf8.IsValid(utf8Json.Span))
        {
            throw new ConfigurationFormatException("Not valid JSON: the file is not valid UTF-8.");
        }

        try
        {
            return JsonDocument.Parse(utf8Json, Options);
        }
        catch (JsonException ex)
        {
            throw new ConfigurationFormatException($"Not valid JSON: {ex.Message}", ex);
        }
    }

    public static void RequireObject(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ConfigurationFormatException($"'{path}' must be a JSON object.");
        }
    }

    public static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        // Later duplicates win, as in common JSON libraries; names are case-sensitive as published.
        bool found = false;
        value = default;
        foreach (JsonProperty p in obj.EnumerateObject())
        {
            if (p.NameEquals(name))
            {
                value = p.Value;
                found = true;
            }
        }

        return found;
    }

    public static double GetDouble(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out double d) || !double.IsFinite(d))
        {
            throw new ConfigurationFormatException($"'{path}' must be a finite number.");
        }

        return d;
    }

    public static int GetInt(JsonElement e, string path)
    {
        double d = GetDouble(e, path);
        if (d != Math.Floor(d) || d < int.MinValue || d > int.MaxValue)
        {
            throw new ConfigurationFormatException($"'{path}' must be an integer.");
        }

        return (int)d;
    }

    public static string GetString(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.String)
        {
            throw new ConfigurationFormatException($"'{path}' must be a string.");
        }

        return Decode(() => e.GetString()!, path);
    }

    /// <summary>The name of a property; an escaped lone surrogate (<c>\ud800</c>) is a format error, not a crash.</summary>
    public static string Name(JsonProperty property, string path) => Decode(() => property.Name, path);

    public static int[] GetIntArray(JsonElement e, string path, int? length = null)
    {
        if (e.ValueKind != JsonValueKind.Array)
        {
            throw new ConfigurationFormatException($"'{path}' must be an array.");
        }

        int[] values = [.. e.EnumerateArray().Select((x, i) => GetInt(x, $"{path}[{i}]"))];
        if (length is int n && values.Length != n)
        {
            throw new ConfigurationFormatException($"'{path}' must have {n} entries; it has {values.Length}.");
        }

        return values;
    }

    public static double[] GetDoubleArray(JsonElement e, string path, int length)
    {
        if (e.ValueKind != JsonValueKind.Array)
        {
            throw new ConfigurationFormatException($"'{path}' must be an array.");
        }

        double[] values = [.. e.EnumerateArray().Select((x, i) => GetDouble(x, $"{path}[{i}]"))];
        if (values.Length != length)
        {
            throw new ConfigurationFormatException($"'{path}' must have {length} entries; it has {values.Length}.");
        }

        return values;
    }

    public static Infectiousness GetInfectiousness(JsonElement e, string path)
    {
        int v = GetInt(e, path);
        if (v is < 0 or > 2)
        {
            throw new ConfigurationFormatException($"'{path}' must be 0 (None), 1 (Standard) or 2 (High).");
        }

        return (Infectiousness)v;
    }

    public static Dictionary<int, Infectiousness> GetInfectiousnessMap(JsonElement e, string path)
    {
        RequireObject(e, path);
        var map = new Dictionary<int, Infectiousness>();
        foreach (JsonProperty p in e.EnumerateObject())
        {
            string name = Name(p, path);
            if (!int.TryParse(name, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int day)
                || day < -DiagnosisKeysDataMapping.MaximumDaysSinceOnset || day > DiagnosisKeysDataMapping.MaximumDaysSinceOnset)
            {
                throw new ConfigurationFormatException($"'{path}' keys must be days since onset -14..14; found '{name}'.");
            }

            map[day] = GetInfectiousness(p.Value, $"{path}.{name}");
        }

        return map;
    }

    public static T Wrap<T>(string path, Func<T> create)
    {
        try
        {
            return create();
        }
        catch (ArgumentException ex)
        {
            throw new ConfigurationFormatException($"'{path}' is out of range: {ex.Message}", ex);
        }
    }

    private static string Decode(Func<string> read, string path)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException ex)
        {
            throw new ConfigurationFormatException($"'{path}' holds text that is not valid Unicode (e.g. an escaped lone surrogate).", ex);
        }
    }
}
