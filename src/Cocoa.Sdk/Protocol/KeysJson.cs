using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;

namespace Cocoa.Sdk.Protocol;

/// <summary>The keys of a <c>keys.json</c> document: <see cref="Keys"/> and, optionally, <see cref="RevisedKeys"/>.</summary>
/// <param name="Keys">The keys.</param>
/// <param name="RevisedKeys">The revised keys (empty when absent).</param>
public sealed record KeysJsonDocument(IReadOnlyList<DiagnosisKey> Keys, IReadOnlyList<DiagnosisKey> RevisedKeys);

/// <summary>
/// The <c>keys.json</c> format of the <c>cocoa</c> tool: a JSON array of key objects, or an object with <c>keys</c> (and
/// optionally <c>revisedKeys</c>) — the shape <c>cocoa export inspect</c> prints — so what <c>inspect</c> prints is
/// accepted by <c>export create --keys</c> and <c>submit --keys</c> unchanged. Each key:
/// <c>{"keyData": base64 of 16 bytes, "rollingStartIntervalNumber": 0..2^32−1, "rollingPeriod": 1..144 (default 144),
/// "transmissionRiskLevel": 0..8 | null, "reportType": "CONFIRMED_TEST" (or its number 0..5) | null,
/// "daysSinceOnsetOfSymptoms": −14..14 | null}</c>.
/// </summary>
public static class KeysJson
{
    private static readonly string[] KeyProperties =
        ["keyData", "rollingStartIntervalNumber", "rollingPeriod", "transmissionRiskLevel", "reportType", "daysSinceOnsetOfSymptoms"];

    /// <summary>Writes one key object.</summary>
    /// <param name="writer">The JSON writer.</param>
    /// <param name="key">The key.</param>
    public static void WriteKey(Utf8JsonWriter writer, DiagnosisKey key)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<byte> data = stackalloc byte[TemporaryExposureKey.KeyLength];
        key.Key.CopyKeyTo(data);
        writer.WriteStartObject();
        writer.WriteBase64String("keyData", data);
        writer.WriteNumber("rollingStartIntervalNumber", key.Key.RollingStartIntervalNumber.Value);
        writer.WriteNumber("rollingPeriod", key.Key.RollingPeriod);
        WriteNullable(writer, "transmissionRiskLevel", key.TransmissionRiskLevel);
        if (key.ReportType is { } type)
        {
            writer.WriteString("reportType", ReportTypeName(type));
        }
        else
        {
            writer.WriteNull("reportType");
        }

        WriteNullable(writer, "daysSinceOnsetOfSymptoms", key.DaysSinceOnsetOfSymptoms);
        writer.WriteEndObject();
        CryptographicOperations.ZeroMemory(data);
    }

    /// <summary>Gets the protobuf enum name of a report type (<c>CONFIRMED_TEST</c>, …; other values as their number).</summary>
    /// <param name="type">The report type.</param>
    /// <returns>The name.</returns>
    public static string ReportTypeName(ReportType type) => type switch
    {
        ReportType.Unknown => "UNKNOWN",
        ReportType.ConfirmedTest => "CONFIRMED_TEST",
        ReportType.ConfirmedClinicalDiagnosis => "CONFIRMED_CLINICAL_DIAGNOSIS",
        ReportType.SelfReport => "SELF_REPORT",
        ReportType.Recursive => "RECURSIVE",
        ReportType.Revoked => "REVOKED",
        _ => ((int)type).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Reads a <c>keys.json</c> document.</summary>
    /// <param name="utf8Json">The document.</param>
    /// <returns>The keys.</returns>
    /// <exception cref="ProtocolFormatException">The document is malformed; the message names the key and field.</exception>
    public static KeysJsonDocument Parse(ReadOnlyMemory<byte> utf8Json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            throw new ProtocolFormatException($"expected JSON, got invalid JSON ({ex.Message.Split(" Path:")[0].TrimEnd('.')})", ex);
        }

        using (document)
        {
            try
            {
                return ReadDocument(document.RootElement);
            }
            catch (InvalidOperationException ex)
            {
                // System.Text.Json checks UTF-8 and \u escapes only when a string is decoded (found by fuzzing).
                throw new ProtocolFormatException("expected text, got a string that is not valid UTF-8 or Unicode", ex);
            }
        }
    }

    private static KeysJsonDocument ReadDocument(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return new KeysJsonDocument(ParseArray(root, "keys"), []);
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("keys", out JsonElement keys) && keys.ValueKind == JsonValueKind.Array)
        {
            IReadOnlyList<DiagnosisKey> revised = root.TryGetProperty("revisedKeys", out JsonElement r) && r.ValueKind == JsonValueKind.Array
                ? ParseArray(r, "revisedKeys")
                : [];
            return new KeysJsonDocument(ParseArray(keys, "keys"), revised);
        }

        throw new ProtocolFormatException($"expected a JSON array of key objects (or an object with \"keys\"), got a JSON {root.ValueKind.ToString().ToLowerInvariant()}");
    }

    private static List<DiagnosisKey> ParseArray(JsonElement array, string list)
    {
        var keys = new List<DiagnosisKey>(array.GetArrayLength());
        int index = 0;
        foreach (JsonElement element in array.EnumerateArray())
        {
            keys.Add(ParseKey(element, $"{list}[{index++}]"));
        }

        return keys;
    }

    private static DiagnosisKey ParseKey(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ProtocolFormatException($"{where}: expected a key object, got a JSON {element.ValueKind.ToString().ToLowerInvariant()}");
        }

        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (Array.IndexOf(KeyProperties, property.Name) < 0)
            {
                throw new ProtocolFormatException($"{where}: expected only the properties {string.Join(", ", KeyProperties)}, got \"{property.Name}\"");
            }
        }

        if (!element.TryGetProperty("keyData", out JsonElement keyDataElement) || keyDataElement.ValueKind != JsonValueKind.String
            || !keyDataElement.TryGetBytesFromBase64(out byte[]? keyData) || keyData.Length != TemporaryExposureKey.KeyLength)
        {
            throw new ProtocolFormatException($"{where}.keyData: expected the base64 of exactly 16 bytes");
        }

        long start = Integer(element, "rollingStartIntervalNumber", 0, uint.MaxValue, where) ?? throw new ProtocolFormatException($"{where}.rollingStartIntervalNumber: expected an integer from 0 to {uint.MaxValue}, got nothing");
        long period = Integer(element, "rollingPeriod", 1, TemporaryExposureKey.MaxRollingPeriod, where) ?? TemporaryExposureKey.MaxRollingPeriod;
        long? risk = Integer(element, "transmissionRiskLevel", 0, 8, where);
        long? days = Integer(element, "daysSinceOnsetOfSymptoms", -14, 14, where);
        ReportType? reportType = null;
        if (element.TryGetProperty("reportType", out JsonElement type) && type.ValueKind != JsonValueKind.Null)
        {
            reportType = type.ValueKind switch
            {
                JsonValueKind.String => ParseReportType(type.GetString()!, where),
                JsonValueKind.Number when type.TryGetInt32(out int n) && n is >= 0 and <= 5 => (ReportType)n,
                _ => throw new ProtocolFormatException($"{where}.reportType: expected a name such as \"CONFIRMED_TEST\", a number 0 to 5, or null, got {type.GetRawText()}"),
            };
        }

        var tek = TemporaryExposureKey.FromBytes(keyData, new EnIntervalNumber((uint)start), (int)period);
        CryptographicOperations.ZeroMemory(keyData);
        return new DiagnosisKey(tek, (int?)risk, reportType, (int?)days);
    }

    private static ReportType ParseReportType(string name, string where) => name switch
    {
        "UNKNOWN" => ReportType.Unknown,
        "CONFIRMED_TEST" => ReportType.ConfirmedTest,
        "CONFIRMED_CLINICAL_DIAGNOSIS" => ReportType.ConfirmedClinicalDiagnosis,
        "SELF_REPORT" => ReportType.SelfReport,
        "RECURSIVE" => ReportType.Recursive,
        "REVOKED" => ReportType.Revoked,
        _ => throw new ProtocolFormatException(
            $"{where}.reportType: expected UNKNOWN, CONFIRMED_TEST, CONFIRMED_CLINICAL_DIAGNOSIS, SELF_REPORT, RECURSIVE, REVOKED, a number 0 to 5, or null, got \"{name}\""),
    };

    private static long? Integer(JsonElement element, string name, long min, long max, string where)
    {
        if (!element.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number) && number >= min && number <= max
            ? number
            : throw new ProtocolFormatException($"{where}.{name}: expected an integer from {min} to {max}, got {value.GetRawText()}");
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is int v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
