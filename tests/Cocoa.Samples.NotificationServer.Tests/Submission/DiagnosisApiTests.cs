using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Cocoa.Samples.NotificationServer.Storage;
using Cocoa.Samples.NotificationServer.Tests.Infrastructure;
using Xunit;

namespace Cocoa.Samples.NotificationServer.Tests.Submission;

/// <summary>The diagnosis API over real HTTP with the health center down (nothing listens on its port).</summary>
public sealed class DiagnosisApiTests : IAsyncLifetime
{
    // A port nothing listens on: connecting is refused at once.
    private const string DownHealthCenter = "http://127.0.0.1:9/";
    private NotificationServerHost _server = null!;

    public async Task InitializeAsync() => _server = await NotificationServerHost.StartAsync(DownHealthCenter);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task<HttpResponseMessage> PutAsync(string body, bool chaff = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "api/v3/diagnosis") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (chaff)
        {
            request.Headers.Add(Cocoa.Sdk.Protocol.DiagnosisSubmissionBody.ChaffHeaderName, "1");
        }

        return _server.Client.SendAsync(request);
    }

    private static JsonObject ValidBody() => SubmissionBodies.Valid(DateTimeOffset.UtcNow, "12345678").Body;

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("{\"keys\":[]}")]
    [InlineData("null")]
    public async Task Malformed_bodies_are_rejected_with_400(string body)
    {
        using HttpResponseMessage response = await PutAsync(body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("regions", "[\"999\"]")]
    [InlineData("regions", "[]")]
    [InlineData("verificationPayload", "\"\"")]
    [InlineData("onsetOfSymptomOrTestDate", "\"yesterday\"")]
    [InlineData("hasSymptom", "\"yes\"")]
    [InlineData("keys", "[{\"keyData\":\"AAAAAAAAAAAAAAAAAAAAAA==\",\"rollingStartNumber\":\"x\",\"rollingPeriod\":144}]")]
    public async Task Invalid_fields_are_rejected_with_400(string field, string json)
    {
        JsonObject body = ValidBody();
        body[field] = JsonNode.Parse(json);
        using HttpResponseMessage response = await PutAsync(body.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_body_with_invalid_utf8_in_a_string_is_400_not_500()
    {
        string[] parts = ValidBody().ToJsonString().Split("\"android\"");
        byte[] body = [.. Encoding.UTF8.GetBytes(parts[0]), (byte)'"', 0xC3, 0x28, (byte)'"', .. Encoding.UTF8.GetBytes(parts[1])];
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using HttpResponseMessage response = await _server.Client.PutAsync("api/v3/diagnosis", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Without_an_idempotency_key_the_request_is_valid_and_goes_on_to_the_health_center()
    {
        JsonObject body = ValidBody();
        body.Remove("idempotency_key");
        using HttpResponseMessage response = await PutAsync(body.ToJsonString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode); // the (down) health center was asked
        body["idempotency_key"] = null;
        using HttpResponseMessage again = await PutAsync(body.ToJsonString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, again.StatusCode);
    }

    [Fact]
    public async Task A_submission_whose_keys_are_all_invalid_is_rejected_before_the_number_is_sent_to_the_health_center()
    {
        JsonObject body = ValidBody();
        foreach (JsonNode? key in (JsonArray)body["keys"]!)
        {
            key!["keyData"] = null; // dropped alone, as COCOA does: here every key
        }

        using HttpResponseMessage response = await PutAsync(body.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode); // not 503: the health center was never asked
        Assert.Contains("No valid keys", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_bodies_are_rejected_with_400()
    {
        JsonObject body = ValidBody();
        body["padding"] = new string('A', 70_000);
        using HttpResponseMessage response = await PutAsync(body.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Misaligned_overlapping_keys_are_rejected_before_the_number_is_used()
    {
        JsonObject body = ValidBody();
        var keys = (JsonArray)body["keys"]!;
        long start = keys[0]!["rollingStartNumber"]!.GetValue<long>();
        keys.Add(SubmissionBodies.Key(new byte[16], start + 10, 20));
        using HttpResponseMessage response = await PutAsync(body.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("overlapping", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_health_center_being_down_gives_503_and_stores_nothing()
    {
        using HttpResponseMessage response = await PutAsync(ValidBody().ToJsonString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal((0L, 0L), await _server.Service<IKeyStore>().CountKeysAsync(default));
    }

    [Fact]
    public async Task Chaff_is_answered_like_a_success_without_asking_the_health_center_or_storing()
    {
        using HttpResponseMessage response = await PutAsync(ValidBody().ToJsonString(), chaff: true);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonObject answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(Convert.FromBase64String(answer["padding"]!.GetValue<string>()).Length >= 1024);
        Assert.Equal((0L, 0L), await _server.Service<IKeyStore>().CountKeysAsync(default));
    }

    [Fact]
    public async Task Chaff_with_a_malformed_body_is_still_rejected_like_a_real_request()
    {
        using HttpResponseMessage response = await PutAsync("{", chaff: true);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_operator_endpoint_needs_the_bearer_token()
    {
        using HttpResponseMessage none = await _server.Client.PostAsync("api/admin/publish", null);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "api/admin/publish");
        wrong.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "nope");
        using HttpResponseMessage wrongResponse = await _server.Client.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
    }

    [Fact]
    public async Task The_public_key_is_written_to_the_data_dir_and_served()
    {
        string served = await _server.Client.GetStringAsync("c19r/public.pem");
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(_server.DataDirectory, "export-public.pem")), served);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", served, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_region_lists_no_files()
    {
        Assert.Equal("[]", await _server.Client.GetStringAsync("c19r/440/list.json"));
        Assert.Equal("", await _server.Client.GetStringAsync("c19r/440/index.txt"));
        using HttpResponseMessage unknown = await _server.Client.GetAsync("c19r/999/list.json");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using HttpResponseMessage missing = await _server.Client.GetAsync("c19r/440/1.zip");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
