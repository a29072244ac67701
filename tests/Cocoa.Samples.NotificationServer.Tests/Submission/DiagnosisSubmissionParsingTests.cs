using System.Text;
using System.Text.Json.Nodes;
using Cocoa.Sdk.Protocol;
using Cocoa.Samples.NotificationServer.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Cocoa.Samples.NotificationServer.Tests.Submission;

public sealed class DiagnosisSubmissionParsingTests
{
    [Property(MaxTest = 500)]
    public Property Random_bytes_give_a_submission_or_an_error_message(byte[] body)
    {
        return ParsesOrFailsTyped(body).ToProperty();
    }

    [Property(MaxTest = 300)]
    public Property Replacing_any_field_with_any_json_value_never_throws(int fieldIndex, string? text, long number)
    {
        JsonObject body = SubmissionBodies.Valid(DateTimeOffset.UtcNow, "12345678").Body;
        string[] fields = [.. body.Select(p => p.Key)];
        JsonNode?[] values = [JsonValue.Create(text), JsonValue.Create(number), null, new JsonArray(JsonValue.Create(text)), new JsonObject(), JsonValue.Create(true)];
        string field = fields[(int)((uint)fieldIndex % fields.Length)];
        body[field] = values[(int)((uint)(fieldIndex / fields.Length) % values.Length)]?.DeepClone();
        return ParsesOrFailsTyped(Encoding.UTF8.GetBytes(body.ToJsonString())).Label(field);
    }

    [Fact]
    public void A_valid_cocoa_body_parses_with_all_fields()
    {
        (JsonObject body, List<byte[]> keys) = SubmissionBodies.Valid(DateTimeOffset.UtcNow, "01234567");
        DiagnosisSubmissionBody parsed = DiagnosisSubmissionBody.Parse(Encoding.UTF8.GetBytes(body.ToJsonString()));
        Assert.Equal("01234567", parsed.VerificationPayload);
        Assert.Equal(keys.Select(Convert.ToBase64String), parsed.Keys.Select(k => k.KeyData));
        Assert.Equal(["440"], parsed.Regions);
        Assert.True(parsed.HasSymptom);
    }

    [Fact]
    public void A_null_or_malformed_key_data_keeps_the_request_and_marks_that_key()
    {
        (JsonObject body, _) = SubmissionBodies.Valid(DateTimeOffset.UtcNow, "01234567");
        body["keys"]![0]!["keyData"] = null;
        body["keys"]![1]!["keyData"] = 42;
        body.Remove("idempotency_key");
        DiagnosisSubmissionBody parsed = DiagnosisSubmissionBody.Parse(Encoding.UTF8.GetBytes(body.ToJsonString()));
        Assert.Null(parsed.Keys[0].KeyData);
        Assert.Null(parsed.Keys[1].KeyData);
        Assert.NotNull(parsed.Keys[2].KeyData);
        Assert.Null(parsed.IdempotencyKey);
    }

    private static bool ParsesOrFailsTyped(byte[] body)
    {
        try
        {
            return DiagnosisSubmissionBody.Parse(body) is not null;
        }
        catch (ProtocolFormatException ex)
        {
            return ex.Message.Length > 0;
        }
    }
}
