using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Protocol;

namespace Cocoa.Samples.NotificationServer.Tests.Infrastructure;

/// <summary>Builds COCOA v3 request bodies for tests.</summary>
internal static class SubmissionBodies
{
    public static JsonObject Key(byte[] keyData, long rollingStart, int rollingPeriod = 144, int reportType = 1) => new()
    {
        ["keyData"] = Convert.ToBase64String(keyData),
        ["rollingStartNumber"] = rollingStart,
        ["rollingPeriod"] = rollingPeriod,
        ["reportType"] = reportType,
    };

    /// <summary>A valid body written by the SDK's one v3 writer, as a JSON object the tests can then break field by field.</summary>
    public static (JsonObject Body, List<byte[]> Keys) Valid(DateTimeOffset now, string processingNumber, int days = 3, string region = "440")
    {
        var today = EnIntervalNumber.FromDateTimeOffset(now).DayStart;
        var keys = new List<byte[]>();
        var diagnosisKeys = new List<DiagnosisKey>();
        for (int i = 1; i <= days; i++)
        {
            byte[] key = RandomNumberGenerator.GetBytes(16);
            keys.Add(key);
            diagnosisKeys.Add(new DiagnosisKey(TemporaryExposureKey.FromBytes(key, today.AddIntervals(-144L * i)), ReportType: ReportType.ConfirmedTest));
        }

        byte[] json = DiagnosisSubmissionBody.FromKeys(
                diagnosisKeys, [region], "android", "jp.go.mhlw.covid19radar", processingNumber, hasSymptom: true, now.AddDays(-2), Guid.NewGuid().ToString(), "")
            .ToUtf8Json(RandomNumberGenerator.GetBytes(1024));
        return ((JsonObject)JsonNode.Parse(json)!, keys);
    }
}
