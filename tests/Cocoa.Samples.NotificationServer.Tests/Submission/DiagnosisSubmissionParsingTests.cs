using System.Text;
using System.Text.Json.Nodes;
using Cocoa.Sdk.Protocol;
using Cocoa.Samples.NotificationServer.Tests.Infrastructure;
using Cocoa.TestInfrastructure;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Cocoa.Samples.NotificationServer.Tests.Submission;

public sealed class DiagnosisSubmissionParsingTests
{
    public static TheoryData<string> AflFindings => new() { "afl-invalid-utf8-1.json", "afl-invalid-utf8-2.json", "afl-invalid-utf8-3.json" };

    [Theory]
    [MemberData(nameof(AflFindings))]
    public void Bodies_found_by_the_fuzzer_are_format_errors(string name)
    {
        byte[] body = File.ReadAllBytes(TestDataFile.Path("fuzz-findings/diagnosis/" + name));
        var ex = Assert.Throws<ProtocolFormatException>(() => DiagnosisSubmissionBody.Parse(body));
        Assert.Contains("not valid UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("keys")]
    [InlineData("regions")]
    [InlineData("platform")]
    [InlineData("verificationPayload")]
    [InlineData("idempotency_key")]
    public void Invalid_text_in_any_string_is_a_format_error(string field)
    {
        const string Marker = "@@MARK@@";
        JsonObject body = SubmissionBodies.Valid(DateTimeOffset.UtcNow, "12345678").Body;
        if (field == "keys")
        {
            body["keys"]![0]!["keyData"] = Marker;
        }
        else if (field == "regions")
        {
            body["regions"] = new JsonArray(JsonValue.Create(Marker));
        }
        else
        {
            body[field] = Marker;
        }

        string[] parts = body.ToJsonString().Split(Marker);
        Assert.Equal(2, parts.Length);

        // Raw invalid UTF-8 (0xC3 0x28), and an escaped lone surrogate, inside that string.
        foreach (byte[] bad in new[] { new byte[] { 0xC3, 0x28 }, "\\ud800"u8.ToArray() })
        {
            byte[] bytes = [.. Encoding.UTF8.GetBytes(parts[0]), .. bad, .. Encoding.UTF8.GetBytes(parts[1])];
            Assert.Throws<ProtocolFormatException>(() => DiagnosisSubmissionBody.Parse(bytes));
        }
    }

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
