using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Cocoa.Sdk.Crypto;

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

    public static (JsonObject Body, List<byte[]> Keys) Valid(DateTimeOffset now, string processingNumber, int days = 3, string region = "440")
    {
        var today = EnIntervalNumber.FromDateTimeOffset(now).DayStart;
        var keys = new List<byte[]>();
        var array = new JsonArray();
        for (int i = 1; i <= days; i++)
        {
            byte[] key = RandomNumberGenerator.GetBytes(16);
            keys.Add(key);
            array.Add(Key(key, today.Value - (144 * i)));
        }

        var body = new JsonObject
        {
            ["hasSymptom"] = true,
            ["onsetOfSymptomOrTestDate"] = now.AddDays(-2).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
            ["keys"] = array,
            ["regions"] = new JsonArray(region),
            ["platform"] = "android",
            ["deviceVerificationPayload"] = "",
            ["appPackageName"] = "jp.go.mhlw.covid19radar",
            ["verificationPayload"] = processingNumber,
            ["idempotency_key"] = Guid.NewGuid().ToString(),
            ["padding"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(1024)),
        };
        return (body, keys);
    }
}
