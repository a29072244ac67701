using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;

namespace Cocoa.Sdk.Protocol;

/// <summary>One key of a v3 diagnosis body as sent: validated by the server key by key (an invalid key is dropped alone).</summary>
/// <param name="KeyData">The base64 key data, or <see langword="null"/> when it was null or not a string.</param>
/// <param name="RollingStartNumber">The rolling start interval number.</param>
/// <param name="RollingPeriod">The rolling period (COCOA stores 0 as 144).</param>
/// <param name="ReportType">The report type, or <see langword="null"/> when absent.</param>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record SubmittedKey(string? KeyData, long RollingStartNumber, long RollingPeriod, long? ReportType)
{
    /// <summary>Decodes <see cref="KeyData"/> into 16 bytes.</summary>
    /// <param name="destination">At least 16 bytes.</param>
    /// <returns>Whether the key data is the base64 of exactly 16 bytes.</returns>
    public bool TryDecodeKeyData(Span<byte> destination)
    {
        Span<byte> buffer = stackalloc byte[TemporaryExposureKey.KeyLength + 3];
        bool ok = KeyData is not null && Convert.TryFromBase64String(KeyData, buffer, out int length) && length == TemporaryExposureKey.KeyLength;
        if (ok)
        {
            buffer[..TemporaryExposureKey.KeyLength].CopyTo(destination);
        }

        CryptographicOperations.ZeroMemory(buffer);
        return ok;
    }
}

/// <summary>
/// COCOA's v3 diagnosis submission body (<c>PUT /api/v3/diagnosis</c>): one implementation of its reader and writer,
/// used by <c>DiagnosisSubmissionClient</c> (Cocoa.Sdk.Device), the sample notification server, the <c>cocoa</c> tool and the tests.
/// </summary>
/// <param name="Keys">The keys as sent.</param>
/// <param name="Regions">The regions (COCOA: <c>["440"]</c>).</param>
/// <param name="Platform"><c>android</c> or <c>ios</c>.</param>
/// <param name="DeviceVerificationPayload">The device attestation (empty in this SDK's clients).</param>
/// <param name="AppPackageName">The app's package name.</param>
/// <param name="VerificationPayload">The processing number as typed (never logged).</param>
/// <param name="HasSymptom">Whether <paramref name="OnsetOfSymptomOrTestDate"/> is a symptom onset (otherwise a test date).</param>
/// <param name="OnsetOfSymptomOrTestDate">The onset of symptoms or the test date.</param>
/// <param name="IdempotencyKey">The client's idempotency key, or <see langword="null"/> (optional, as in COCOA).</param>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed record DiagnosisSubmissionBody(
    IReadOnlyList<SubmittedKey> Keys,
    IReadOnlyList<string> Regions,
    string Platform,
    string? DeviceVerificationPayload,
    string AppPackageName,
    string VerificationPayload,
    bool HasSymptom,
    DateTimeOffset OnsetOfSymptomOrTestDate,
    string? IdempotencyKey)
{
    /// <summary>The path of the API, relative to the server's base address.</summary>
    public const string Path = "api/v3/diagnosis";

    /// <summary>The header that marks a decoy (chaff) request: the server answers like a success and stores nothing.</summary>
    public const string ChaffHeaderName = "X-Chaff";

    /// <summary>COCOA's timestamp format, e.g. <c>2021-09-20T23:52:57.436+00:00</c>.</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffzzz";

    /// <summary>The most keys a body may carry (readers reject more; servers may set a lower limit).</summary>
    public const int MaxKeys = 1000;

    /// <summary>The most regions a body may name.</summary>
    public const int MaxRegions = 16;

    /// <summary>The longest accepted text field (padding excepted), in characters.</summary>
    public const int MaxTextLength = 4096;

    /// <summary>Builds a body from this device's keys.</summary>
    /// <param name="keys">The keys.</param>
    /// <param name="regions">The regions.</param>
    /// <param name="platform">The platform name.</param>
    /// <param name="appPackageName">The package name.</param>
    /// <param name="processingNumber">The processing number.</param>
    /// <param name="hasSymptom">Whether the date is a symptom onset.</param>
    /// <param name="onsetOfSymptomOrTestDate">The onset or test date.</param>
    /// <param name="idempotencyKey">The idempotency key, or <see langword="null"/>.</param>
    /// <param name="deviceVerificationPayload">The device attestation, or <see langword="null"/>.</param>
    /// <returns>The body.</returns>
    public static DiagnosisSubmissionBody FromKeys(
        IReadOnlyList<DiagnosisKey> keys,
        IReadOnlyList<string> regions,
        string platform,
        string appPackageName,
        string processingNumber,
        bool hasSymptom,
        DateTimeOffset onsetOfSymptomOrTestDate,
        string? idempotencyKey,
        string? deviceVerificationPayload = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var submitted = new List<SubmittedKey>(keys.Count);
        Span<byte> data = stackalloc byte[TemporaryExposureKey.KeyLength];
        foreach (DiagnosisKey key in keys)
        {
            key.Key.CopyKeyTo(data);
            ReportType type = key.ReportType is null or Export.ReportType.Unknown ? Export.ReportType.ConfirmedTest : key.ReportType.Value;
            submitted.Add(new SubmittedKey(Convert.ToBase64String(data), key.Key.RollingStartIntervalNumber.Value, key.Key.RollingPeriod, (long)type));
        }

        CryptographicOperations.ZeroMemory(data);
        return new DiagnosisSubmissionBody(
            submitted, regions, platform, deviceVerificationPayload, appPackageName, processingNumber, hasSymptom, onsetOfSymptomOrTestDate, idempotencyKey);
    }

    /// <summary>Writes the body as UTF-8 JSON, with <paramref name="padding"/> (random bytes, base64) to hide its size.</summary>
    /// <param name="padding">The padding bytes (may be empty).</param>
    /// <returns>The JSON bytes.</returns>
    public byte[] ToUtf8Json(ReadOnlySpan<byte> padding)
    {
        var buffer = new ArrayBufferWriter<byte>(4096 + (padding.Length * 2));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("hasSymptom", HasSymptom);
            writer.WriteString("onsetOfSymptomOrTestDate", OnsetOfSymptomOrTestDate.ToString(TimestampFormat, CultureInfo.InvariantCulture));
            writer.WriteStartArray("keys");
            foreach (SubmittedKey key in Keys)
            {
                writer.WriteStartObject();
                if (key.KeyData is null)
                {
                    writer.WriteNull("keyData");
                }
                else
                {
                    writer.WriteString("keyData", key.KeyData);
                }

                writer.WriteNumber("rollingStartNumber", key.RollingStartNumber);
                writer.WriteNumber("rollingPeriod", key.RollingPeriod);
                if (key.ReportType is long type)
                {
                    writer.WriteNumber("reportType", type);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("regions");
            foreach (string region in Regions)
            {
                writer.WriteStringValue(region);
            }

            writer.WriteEndArray();
            writer.WriteString("platform", Platform);
            writer.WriteString("deviceVerificationPayload", DeviceVerificationPayload ?? "");
            writer.WriteString("appPackageName", AppPackageName);
            writer.WriteString("verificationPayload", VerificationPayload);
            if (IdempotencyKey is not null)
            {
                writer.WriteString("idempotency_key", IdempotencyKey);
            }

            writer.WriteBase64String("padding", padding);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads a body. Request-level defects (not JSON, a missing or mistyped field, more than <see cref="MaxKeys"/> keys)
    /// are a <see cref="ProtocolFormatException"/>; a key whose <c>keyData</c> is null or not a string is kept with
    /// <see cref="SubmittedKey.KeyData"/> <see langword="null"/>, for the server to drop alone (as COCOA does). Unknown
    /// fields are ignored (COCOA's clients send <c>transmissionRisk</c> and <c>daysSinceOnsetOfSymptoms</c> per key).
    /// </summary>
    /// <param name="utf8Json">The body.</param>
    /// <returns>The body.</returns>
    /// <exception cref="ProtocolFormatException">The body is not a valid v3 request.</exception>
    public static DiagnosisSubmissionBody Parse(ReadOnlyMemory<byte> utf8Json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            throw new ProtocolFormatException("the body is not valid JSON", ex);
        }

        using (document)
        {
            try
            {
                return ReadBody(document.RootElement);
            }
            catch (InvalidOperationException ex)
            {
                // System.Text.Json checks UTF-8 and \u escapes only when a string is decoded (found by fuzzing).
                throw new ProtocolFormatException("expected text, got a string that is not valid UTF-8 or Unicode", ex);
            }
        }
    }

    private static DiagnosisSubmissionBody ReadBody(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw ProtocolFormatException.Field("$", "a JSON object");
        }

        JsonElement keysElement = Required(root, "keys", JsonValueKind.Array);
        if (keysElement.GetArrayLength() > MaxKeys)
        {
            throw ProtocolFormatException.Field("keys", $"at most {MaxKeys} keys");
        }

        var keys = new List<SubmittedKey>(keysElement.GetArrayLength());
        int index = 0;
        foreach (JsonElement key in keysElement.EnumerateArray())
        {
            string path = $"keys[{index++}]";
            if (key.ValueKind != JsonValueKind.Object)
            {
                throw ProtocolFormatException.Field(path, "an object");
            }

            string? keyData = key.TryGetProperty("keyData", out JsonElement data) && data.ValueKind == JsonValueKind.String && data.GetString()!.Length <= 64
                ? data.GetString()
                : null;
            keys.Add(new SubmittedKey(
                keyData,
                OptionalInteger(key, "rollingStartNumber", path) ?? 0,
                OptionalInteger(key, "rollingPeriod", path) ?? 0,
                OptionalInteger(key, "reportType", path)));
        }

        JsonElement regionsElement = Required(root, "regions", JsonValueKind.Array);
        if (regionsElement.GetArrayLength() > MaxRegions)
        {
            throw ProtocolFormatException.Field("regions", $"at most {MaxRegions} regions");
        }

        var regions = new List<string>();
        foreach (JsonElement region in regionsElement.EnumerateArray())
        {
            regions.Add(region.ValueKind == JsonValueKind.String && region.GetString()!.Length <= 16
                ? region.GetString()!
                : throw ProtocolFormatException.Field("regions[]", "strings"));
        }

        string dateText = Text(root, "onsetOfSymptomOrTestDate", required: true)!;
        if (!DateTimeOffset.TryParse(dateText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset onset))
        {
            throw ProtocolFormatException.Field("onsetOfSymptomOrTestDate", "an RFC 3339 timestamp");
        }

        if (!root.TryGetProperty("hasSymptom", out JsonElement hasSymptom) || hasSymptom.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw ProtocolFormatException.Field("hasSymptom", "a boolean");
        }

        if (root.TryGetProperty("padding", out JsonElement padding) && padding.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            throw ProtocolFormatException.Field("padding", "a string");
        }

        return new DiagnosisSubmissionBody(
            keys,
            regions,
            Text(root, "platform", required: true)!,
            Text(root, "deviceVerificationPayload", required: false),
            Text(root, "appPackageName", required: true)!,
            Text(root, "verificationPayload", required: true)!,
            hasSymptom.GetBoolean(),
            onset,
            Text(root, "idempotency_key", required: false) is { Length: > 0 } idempotency ? idempotency : null);
    }

    private static JsonElement Required(JsonElement parent, string name, JsonValueKind kind) =>
        parent.TryGetProperty(name, out JsonElement value) && value.ValueKind == kind
            ? value
            : throw ProtocolFormatException.Field(name, $"a JSON {kind.ToString().ToLowerInvariant()}");

    private static string? Text(JsonElement parent, string name, bool required)
    {
        if (!parent.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return required ? throw ProtocolFormatException.Field(name, "a non-empty string") : null;
        }

        if (value.ValueKind != JsonValueKind.String || value.GetString()!.Length > MaxTextLength || (required && value.GetString()!.Length == 0))
        {
            throw ProtocolFormatException.Field(name, required ? "a non-empty string" : "a string");
        }

        return value.GetString();
    }

    private static long? OptionalInteger(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number)
            ? number
            : throw ProtocolFormatException.Field($"{path}.{name}", "an integer");
    }
}
