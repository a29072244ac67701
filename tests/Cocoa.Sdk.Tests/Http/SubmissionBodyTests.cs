using System.Text.Json;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Http;
using Cocoa.Sdk.Http.Internal;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Cocoa.Sdk.Tests.Http;

public sealed class SubmissionBodyTests
{
    private static readonly DiagnosisSubmissionClientOptions Options = new();

    private static DiagnosisKey[] Keys(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new DiagnosisKey(TemporaryExposureKey.Generate(new EnIntervalNumber(2_900_000 - (144u * (uint)i)))))];

    [Fact]
    public void The_body_is_cocoa_v3_json()
    {
        DiagnosisKey[] keys = Keys(2);
        var onset = new DateTimeOffset(2021, 9, 20, 23, 52, 57, 436, TimeSpan.Zero);
        using JsonDocument doc = JsonDocument.Parse(V3DiagnosisBody.Write("01234567", keys, true, onset, "idem", Options));
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
    }

    [Property(MaxTest = 50)]
    public Property The_padded_size_does_not_depend_on_the_number_of_keys(byte count)
    {
        int keys = count % 31;
        int size = V3DiagnosisBody.Write("12345678", Keys(keys), false, DateTimeOffset.UtcNow, Guid.NewGuid().ToString(), Options).Length;
        return (size >= Options.PaddedBodySize && size < Options.PaddedBodySize + 1024 + 8).Label($"{keys} keys -> {size} bytes");
    }

    [Property(MaxTest = 300)]
    public void Parsing_any_list_gives_entries_or_a_typed_error(byte[] bytes)
    {
        try
        {
            ExportDownloadClient.ParseListJson(bytes, "440");
        }
        catch (ExportDownloadException ex)
        {
            Assert.Equal(ExportDownloadError.MalformedList, ex.Error);
        }
    }

    [Fact]
    public void List_json_entries_of_other_regions_are_skipped_and_numeric_regions_accepted()
    {
        byte[] json = """[{"region":"440","url":"https://cdn.example/c19r/440/1.zip","created":1638543600000},{"region":441,"url":"https://cdn.example/c19r/441/2.zip","created":2},{"region":440,"url":"https://cdn.example/c19r/440/3.zip","created":3}]"""u8.ToArray();
        var entries = ExportDownloadClient.ParseListJson(json, "440");
        Assert.Equal([1638543600000L, 3L], entries.Select(e => e.Created));
        Assert.Throws<ExportDownloadException>(() => ExportDownloadClient.ParseListJson("""[{"url":"file:///etc/passwd","created":1}]"""u8.ToArray(), "440"));
        Assert.Throws<ExportDownloadException>(() => ExportDownloadClient.ParseListJson("""[{"url":"https://x/1.zip","created":"1"}]"""u8.ToArray(), "440"));
    }
}
