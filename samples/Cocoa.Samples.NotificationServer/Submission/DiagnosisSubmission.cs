using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;

namespace Cocoa.Samples.NotificationServer.Submission;

/// <summary>One key of COCOA's v3 body; <see cref="KeyData"/> is kept as sent and validated later (bad keys are dropped).</summary>
internal sealed record SubmittedKey(string KeyData, long RollingStartNumber, long RollingPeriod, long ReportType);

/// <summary>COCOA's v3 diagnosis submission (<c>PUT /api/v3/diagnosis</c>), shape-checked.</summary>
internal sealed record DiagnosisSubmission(
    IReadOnlyList<SubmittedKey> Keys,
    IReadOnlyList<string> Regions,
    string Platform,
    string AppPackageName,
    string VerificationPayload,
    bool HasSymptom,
    DateTimeOffset OnsetOfSymptomOrTestDate,
    string IdempotencyKey)
{
    /// <summary>Parses the body; returns an error message (never echoing values) when it is not a valid v3 request.</summary>
    public static DiagnosisSubmission? TryParse(ReadOnlyMemory<byte> body, out string? error)
    {
        error = null;

        // The JSON reader checks UTF-8 only when a string is decoded, where it throws InvalidOperationException.
        if (!Utf8.IsValid(body.Span))
        {
            error = "Malformed JSON.";
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException)
        {
            error = "Malformed JSON.";
            return null;
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "The body must be a JSON object.";
                return null;
            }

            try
            {
                var keys = new List<SubmittedKey>();
                foreach (JsonElement key in Required(root, "keys", JsonValueKind.Array).EnumerateArray())
                {
                    if (key.ValueKind != JsonValueKind.Object)
                    {
                        throw new FormatException("keys[] must be objects.");
                    }

                    keys.Add(new SubmittedKey(
                        Required(key, "keyData", JsonValueKind.String).GetString()!,
                        Integer(Required(key, "rollingStartNumber", JsonValueKind.Number), "rollingStartNumber"),
                        Integer(Required(key, "rollingPeriod", JsonValueKind.Number), "rollingPeriod"),
                        key.TryGetProperty("reportType", out JsonElement reportType) && reportType.ValueKind != JsonValueKind.Null
                            ? Integer(reportType, "reportType")
                            : 1));
                }

                var regions = new List<string>();
                foreach (JsonElement region in Required(root, "regions", JsonValueKind.Array).EnumerateArray())
                {
                    regions.Add(region.ValueKind == JsonValueKind.String ? region.GetString()! : throw new FormatException("regions[] must be strings."));
                }

                string dateText = NonEmpty(root, "onsetOfSymptomOrTestDate");
                if (!DateTimeOffset.TryParse(dateText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset onset))
                {
                    throw new FormatException("onsetOfSymptomOrTestDate must be an RFC 3339 timestamp.");
                }

                JsonElement hasSymptom = root.TryGetProperty("hasSymptom", out JsonElement h) ? h : throw new FormatException("hasSymptom is required.");
                if (hasSymptom.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    throw new FormatException("hasSymptom must be a boolean.");
                }

                OptionalString(root, "padding");
                OptionalString(root, "deviceVerificationPayload");
                return new DiagnosisSubmission(
                    keys,
                    regions,
                    NonEmpty(root, "platform"),
                    NonEmpty(root, "appPackageName"),
                    NonEmpty(root, "verificationPayload"),
                    hasSymptom.GetBoolean(),
                    onset,
                    NonEmpty(root, "idempotency_key"));
            }
            catch (FormatException ex)
            {
                error = ex.Message;
                return null;
            }
            catch (InvalidOperationException)
            {
                // A string holding an escaped lone surrogate (\ud800) cannot be decoded.
                error = "Malformed JSON: a string is not valid Unicode.";
                return null;
            }
        }
    }

    private static JsonElement Required(JsonElement parent, string name, JsonValueKind kind) =>
        parent.TryGetProperty(name, out JsonElement value) && value.ValueKind == kind
            ? value
            : throw new FormatException($"{name} is required and must be a JSON {kind.ToString().ToLowerInvariant()}.");

    private static string NonEmpty(JsonElement parent, string name) =>
        Required(parent, name, JsonValueKind.String).GetString() is { Length: > 0 } text ? text : throw new FormatException($"{name} must not be empty.");

    private static void OptionalString(JsonElement parent, string name)
    {
        if (parent.TryGetProperty(name, out JsonElement value) && value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            throw new FormatException($"{name} must be a string.");
        }
    }

    private static long Integer(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number) ? number : throw new FormatException($"{name} must be an integer.");
}
