using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Cocoa.Sdk.Export;

namespace Cocoa.Sdk.Http.Internal;

/// <summary>Writes COCOA's v3 diagnosis body (<c>PUT /api/v3/diagnosis</c>) with random padding.</summary>
internal static class V3DiagnosisBody
{
    /// <summary>COCOA's timestamp format, e.g. <c>2021-09-20T23:52:57.436+00:00</c>.</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffzzz";

    public static byte[] Write(
        string processingNumber,
        IReadOnlyList<DiagnosisKey> keys,
        bool hasSymptom,
        DateTimeOffset onsetOfSymptomOrTestDate,
        string idempotencyKey,
        DiagnosisSubmissionClientOptions options)
    {
        byte[] unpadded = WriteCore(processingNumber, keys, hasSymptom, onsetOfSymptomOrTestDate, idempotencyKey, options, []);
        int target = options.PaddedBodySize + RandomNumberGenerator.GetInt32(1024);

        // Base64 of n random bytes is 4*ceil(n/3) characters; keep at least 16 bytes so every body carries padding.
        int paddingBytes = Math.Max(16, (target - unpadded.Length) * 3 / 4);
        byte[] random = RandomNumberGenerator.GetBytes(paddingBytes);
        return WriteCore(processingNumber, keys, hasSymptom, onsetOfSymptomOrTestDate, idempotencyKey, options, random);
    }

    private static byte[] WriteCore(
        string processingNumber,
        IReadOnlyList<DiagnosisKey> keys,
        bool hasSymptom,
        DateTimeOffset onset,
        string idempotencyKey,
        DiagnosisSubmissionClientOptions options,
        byte[] padding)
    {
        var buffer = new ArrayBufferWriter<byte>(4096 + (padding.Length * 2));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("hasSymptom", hasSymptom);
            writer.WriteString("onsetOfSymptomOrTestDate", onset.ToString(TimestampFormat, CultureInfo.InvariantCulture));
            writer.WriteStartArray("keys");
            Span<byte> keyBytes = stackalloc byte[16];
            foreach (DiagnosisKey key in keys)
            {
                key.Key.CopyKeyTo(keyBytes);
                writer.WriteStartObject();
                writer.WriteBase64String("keyData", keyBytes);
                writer.WriteNumber("rollingStartNumber", key.Key.RollingStartIntervalNumber.Value);
                writer.WriteNumber("rollingPeriod", key.Key.RollingPeriod);
                writer.WriteNumber("reportType", (int)(key.ReportType is null or Export.ReportType.Unknown ? Export.ReportType.ConfirmedTest : key.ReportType.Value));
                writer.WriteEndObject();
            }

            CryptographicOperations.ZeroMemory(keyBytes);
            writer.WriteEndArray();
            writer.WriteStartArray("regions");
            foreach (string region in options.Regions)
            {
                writer.WriteStringValue(region);
            }

            writer.WriteEndArray();
            writer.WriteString("platform", options.Platform);
            writer.WriteString("deviceVerificationPayload", options.DeviceVerificationPayload ?? "");
            writer.WriteString("appPackageName", options.AppPackageName);
            writer.WriteString("verificationPayload", processingNumber);
            writer.WriteString("idempotency_key", idempotencyKey);
            writer.WriteBase64String("padding", padding);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
