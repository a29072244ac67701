using System.Text.Json;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Http;
using Cocoa.Sdk.Protocol;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Cocoa.Sdk.Tests.Http;

/// <summary>The wire formats, one implementation each (Cocoa.Sdk.Protocol): v3 body, list.json/index.txt, keys.json.</summary>
public sealed class ProtocolTests
{
    private static readonly DiagnosisSubmissionClientOptions Options = new();

    private static DiagnosisKey[] Keys(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new DiagnosisKey(TemporaryExposureKey.Generate(new EnIntervalNumber(2_900_000 - (144u * (uint)i)))))];

    [Fact]
    public void The_body_is_cocoa_v3_json()
    {
        DiagnosisKey[] keys = Keys(2);
        var onset = new DateTimeOffset(2021, 9, 20, 23, 52, 57, 436, TimeSpan.Zero);
        byte[] body = DiagnosisSubmissionBody.FromKeys(keys, Options.Regions, Options.Platform, Options.AppPackageName, "01234567", true, onset, "idem")
            .ToUtf8Json(new byte[16]);
        using JsonDocument doc = JsonDocument.Parse(body);
        JsonElement root = doc.RootElement;
        Assert.True(root.GetProperty("hasSymptom").GetBoolean());
        Assert.Equal("2021-09-20T23:52:57.436+00:00", root.GetProperty("onsetOfSymptomOrTestDate").GetString());
        Assert.Equal("01234567", root.GetProperty("verificationPayload").GetString());
        Assert.Equal("idem", root.GetProperty("idempotency_key").GetString());
        Assert.Equal(["440"], root.GetProperty("regions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("android", root.GetProperty("platform").GetString());
        Assert.Equal("jp.go.mhlw.covid19radar", root.GetProperty("appPackageName").GetString());
        JsonElement first = root.GetProperty("keys")[0];
        Assert.Equal(keys[0].Key.ToKeyArray(), Convert.FromBase64String(first.GetProperty("keyData").GetString()!));
        Assert.Equal(keys[0].Key.RollingStartIntervalNumber.Value, first.GetProperty("rollingStartNumber").GetUInt32());
        Assert.Equal(144, first.GetProperty("rollingPeriod").GetInt32());
        Assert.Equal(1, first.GetProperty("reportType").GetInt32());
        Assert.True(Convert.FromBase64String(root.GetProperty("padding").GetString()!).Length >= 16);

        // The server's reader reads what the client's writer wrote.
        DiagnosisSubmissionBody back = DiagnosisSubmissionBody.Parse(body);
        Assert.Equal("01234567", back.VerificationPayload);
        Assert.Equal("idem", back.IdempotencyKey);
        Assert.Equal(onset, back.OnsetOfSymptomOrTestDate);
        Assert.Equal(keys[1].Key.RollingStartIntervalNumber.Value, back.Keys[1].RollingStartNumber);
        byte[] data = new byte[16];
        Assert.True(back.Keys[0].TryDecodeKeyData(data));
        Assert.Equal(keys[0].Key.ToKeyArray(), data);
    }

    [Property(MaxTest = 50)]
    public Property The_padded_size_does_not_depend_on_the_number_of_keys(byte count)
    {
        int keys = count % 31;
        var client = new DiagnosisSubmissionClient(new HttpClient(), new DiagnosisSubmissionClientOptions { BaseAddress = new Uri("http://127.0.0.1/") });
        int size = client.WriteBody("12345678", Keys(keys), false, DateTimeOffset.UtcNow).Length;
        return (size >= Options.PaddedBodySize && size < Options.PaddedBodySize + 1024 + 8).Label($"{keys} keys -> {size} bytes");
    }

    [Property(MaxTest = 300)]
    public void Parsing_any_list_gives_entries_or_a_typed_error(byte[] bytes)
    {
        try
        {
            ExportList.ParseListJson(bytes, "440");
            ExportList.ParseIndexTxt(bytes);
        }
        catch (ProtocolFormatException ex)
        {
            Assert.NotEmpty(ex.Message);
        }
    }

    [Fact]
    public void List_json_entries_of_other_regions_are_skipped_and_numeric_regions_accepted()
    {
        byte[] json = """[{"region":"440","url":"https://cdn.example/c19r/440/1.zip","created":1638543600000},{"region":441,"url":"https://cdn.example/c19r/441/2.zip","created":2},{"region":440,"url":"https://cdn.example/c19r/440/3.zip","created":3}]"""u8.ToArray();
        var entries = ExportList.ParseListJson(json, "440");
        Assert.Equal([1638543600000L, 3L], entries.Select(e => e.Created));
        Assert.Throws<ProtocolFormatException>(() => ExportList.ParseListJson("""[{"url":"file:///etc/passwd","created":1}]"""u8.ToArray(), "440"));
        Assert.Throws<ProtocolFormatException>(() => ExportList.ParseListJson("""[{"url":"https://x/1.zip","created":"1"}]"""u8.ToArray(), "440"));
    }

    [Fact]
    public void List_json_and_index_txt_round_trip()
    {
        ExportListEntry[] entries = [new("440", new Uri("https://cdn.example/c19r/440/1.zip"), 10), new("440", new Uri("https://cdn.example/c19r/440/2.zip"), 20)];
        Assert.Equal(entries, ExportList.ParseListJson(ExportList.WriteListJson(entries), "440"));
        string[] paths = [ExportList.ZipPath("c19r", "440", 1), ExportList.ZipPath("c19r", "440", 2)];
        Assert.Equal(paths, ExportList.ParseIndexTxt(ExportList.WriteIndexTxt(paths)));
    }

    [Property(MaxTest = 100)]
    public void Keys_json_round_trips_every_key(byte[] seed, byte count)
    {
        var random = new Random(seed.Length == 0 ? 1 : seed[0] + (seed.Length * 256));
        DiagnosisKey[] keys = [.. Enumerable.Range(0, count % 20).Select(_ =>
        {
            byte[] data = new byte[16];
            random.NextBytes(data);
            return new DiagnosisKey(
                TemporaryExposureKey.FromBytes(data, new EnIntervalNumber((uint)random.Next()), random.Next(1, 145)),
                random.Next(3) == 0 ? null : random.Next(0, 9),
                random.Next(3) == 0 ? null : (ReportType)random.Next(0, 6),
                random.Next(3) == 0 ? null : random.Next(-14, 15));
        })];
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            foreach (DiagnosisKey key in keys)
            {
                KeysJson.WriteKey(writer, key);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        KeysJsonDocument back = KeysJson.Parse(buffer.ToArray());
        Assert.Equal(keys, back.Keys);
        Assert.Empty(back.RevisedKeys);
    }

    [Theory]
    [InlineData("""[{"keyData":"AAAA","rollingStartIntervalNumber":1}]""", "keys[0].keyData: expected the base64 of exactly 16 bytes")]
    [InlineData("""[{"keyData":"AAAAAAAAAAAAAAAAAAAAAA==","rollingStartIntervalNumber":1,"rollingPeriod":0}]""", "keys[0].rollingPeriod: expected an integer from 1 to 144, got 0")]
    [InlineData("""[{"keyData":"AAAAAAAAAAAAAAAAAAAAAA==","rollingStartIntervalNumber":1,"reportType":"POSITIVE"}]""", "keys[0].reportType: expected UNKNOWN")]
    [InlineData("""[{"keyData":"AAAAAAAAAAAAAAAAAAAAAA==","rollingStartIntervalNumber":1,"extra":1}]""", "keys[0]: expected only the properties")]
    [InlineData("""{"notkeys":[]}""", "expected a JSON array of key objects")]
    public void Keys_json_errors_name_the_key_and_field(string json, string expected)
    {
        var ex = Assert.Throws<ProtocolFormatException>(() => KeysJson.Parse(System.Text.Encoding.UTF8.GetBytes(json)));
        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }
}
