using System.Security.Cryptography;
using System.Text.Json;
using Cocoa.TestInfrastructure;
using Xunit;

namespace Cocoa.Cli.Tests;

public sealed class ExportCommandTests : IDisposable
{
    private static readonly string GoogleZip = TestDataFile.Path("exports/google-ens/exposure-notifications-server_testExport-2-records-1-of-1.zip");
    private static readonly string GooglePem = TestDataFile.Path("exports/google-ens/exposure-notifications-server_public.pem");
    private static readonly string SampleZip = TestDataFile.Path("exports/google-ens/history/exposure-notifications-server_ec32f66d_sample-export.zip");
    private static readonly string SamplePem = TestDataFile.Path("exports/google-ens/history/exposure-notifications-server_ec32f66d_public.pem");

    private readonly string _directory = Directory.CreateTempSubdirectory("cocoa-cli-export").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Inspect_google_file_prints_the_contract_fields_and_values()
    {
        CliResult result = CliRunner.Run("export", "inspect", GoogleZip, "--public-key", GooglePem);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        string line = Assert.Single(result.StdoutLines);
        Assert.Equal(
            "{\"region\":\"US\",\"startTimestamp\":1590159600,\"endTimestamp\":1590246000,\"batchNum\":1,\"batchSize\":1,"
            + "\"signatures\":[{\"keyId\":\"some_id\",\"keyVersion\":\"1\",\"algorithm\":\"1.2.840.10045.4.3.2\",\"valid\":true}],"
            + "\"keys\":[{\"keyData\":\"Fy/EgOWYSQw0F3YEM5sVQw==\",\"rollingStartIntervalNumber\":2649980,\"rollingPeriod\":1,\"transmissionRiskLevel\":8,\"reportType\":null,\"daysSinceOnsetOfSymptoms\":null},"
            + "{\"keyData\":\"K2MFOsSDI43hdhaehh89zQ==\",\"rollingStartIntervalNumber\":2649866,\"rollingPeriod\":114,\"transmissionRiskLevel\":1,\"reportType\":null,\"daysSinceOnsetOfSymptoms\":null}],"
            + "\"revisedKeys\":[]}",
            line);
    }

    [Fact]
    public void Inspect_without_public_key_reports_valid_null_and_exits_0()
    {
        CliResult result = CliRunner.Run("export", "inspect", SampleZip);
        Assert.Equal(0, result.ExitCode);
        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        JsonElement signature = Assert.Single(json.RootElement.GetProperty("signatures").EnumerateArray().ToList());
        Assert.Equal(JsonValueKind.Null, signature.GetProperty("valid").ValueKind);
        Assert.Equal("ExampleServer_k1", signature.GetProperty("keyId").GetString());
        Assert.Equal(JsonValueKind.Null, signature.GetProperty("keyVersion").ValueKind);
        Assert.All(json.RootElement.GetProperty("keys").EnumerateArray(), k => Assert.Equal(144, k.GetProperty("rollingPeriod").GetInt32()));
    }

    [Fact]
    public void Inspect_with_the_wrong_key_prints_valid_false_and_exits_1()
    {
        CliResult result = CliRunner.Run("export", "inspect", SampleZip, "--public-key", GooglePem);
        Assert.Equal(1, result.ExitCode);
        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        Assert.False(json.RootElement.GetProperty("signatures")[0].GetProperty("valid").GetBoolean());
        Assert.Equal(2, json.RootElement.GetProperty("keys").GetArrayLength());

        // With both keys, one verifies: exit 0.
        Assert.Equal(0, CliRunner.Run("export", "inspect", SampleZip, "--public-key", GooglePem, "--public-key", SamplePem).ExitCode);
    }

    [Fact]
    public void Inspect_malformed_input_exits_2_with_one_line()
    {
        CliAssert.BadInput(CliRunner.Run("export", "inspect", TestDataFile.Path("exports/minvws-nl/nl-covid19-notification-app-backend_eks.zip")));
        CliAssert.BadInput(CliRunner.Run("export", "inspect", GooglePem));
        CliAssert.BadInput(CliRunner.Run("export", "inspect", Path.Combine(_directory, "missing.zip")));
        CliAssert.BadInput(CliRunner.Run("export", "inspect", GoogleZip, "--public-key", GoogleZip));
        CliAssert.BadInput(CliRunner.Run("export", "inspect"));
    }

    [Fact]
    public void Inspect_of_an_unknown_field_longer_than_int_max_exits_2()
    {
        // Issue 13's reproduction: export.bin with a key holding field 9 of length 0x7FFFFFFF, zipped with any export.sig.
        byte[] bin = Convert.FromHexString("454b204578706f7274207631202020203a1c0a10" + new string('0', 32) + "4affffffff0700000000");
        string zip = Path.Combine(_directory, "overlong-field.zip");
        using (var archive = System.IO.Compression.ZipFile.Open(zip, System.IO.Compression.ZipArchiveMode.Create))
        {
            using (Stream entry = archive.CreateEntry("export.bin").Open())
            {
                entry.Write(bin);
            }

            using (Stream entry = archive.CreateEntry("export.sig").Open())
            {
                entry.Write([0x0A, 0x00]);
            }
        }

        CliAssert.BadInput(CliRunner.Run("export", "inspect", zip));
        CliAssert.BadInput(CliRunner.RunProcess("export", "inspect", zip));
    }

    [Fact]
    public void Inspect_as_a_process_keeps_the_exit_codes()
    {
        CliResult valid = CliRunner.RunProcess("export", "inspect", GoogleZip, "--public-key", GooglePem);
        Assert.Equal(0, valid.ExitCode);
        Assert.StartsWith("{\"region\":\"US\",", valid.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, CliRunner.RunProcess("export", "inspect", SampleZip, "--public-key", GooglePem).ExitCode);
        CliAssert.BadInput(CliRunner.RunProcess("export", "inspect", GooglePem));
    }

    [Fact]
    public void Create_then_inspect_round_trips_the_keys()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string privatePem = Path.Combine(_directory, "private.pem");
        string publicPem = Path.Combine(_directory, "public.pem");
        File.WriteAllText(privatePem, ecdsa.ExportECPrivateKeyPem());
        File.WriteAllText(publicPem, ecdsa.ExportSubjectPublicKeyInfoPem());
        string keysJson = Path.Combine(_directory, "keys.json");
        string[] keys =
        [
            "{\"keyData\":\"AAECAwQFBgcICQoLDA0ODw==\",\"rollingStartIntervalNumber\":2937600,\"rollingPeriod\":144,\"transmissionRiskLevel\":4,\"reportType\":\"CONFIRMED_TEST\",\"daysSinceOnsetOfSymptoms\":-3}",
            "{\"keyData\":\"EBESExQVFhcYGRobHB0eHw==\",\"rollingStartIntervalNumber\":2937744,\"rollingPeriod\":90,\"transmissionRiskLevel\":null,\"reportType\":null,\"daysSinceOnsetOfSymptoms\":null}",
            "{\"keyData\":\"ICEiIyQlJicoKSorLC0uLw==\",\"rollingStartIntervalNumber\":0,\"rollingPeriod\":1,\"transmissionRiskLevel\":0,\"reportType\":\"REVOKED\",\"daysSinceOnsetOfSymptoms\":14}",
        ];
        File.WriteAllText(keysJson, "[" + string.Join(",", keys) + "]");
        string zip = Path.Combine(_directory, "out.zip");

        CliResult created = CliRunner.Run("export", "create", "--keys", keysJson, "--private-key", privatePem, "--out", zip, "--key-id", "440", "--key-version", "v2");
        Assert.Equal(0, created.ExitCode);
        Assert.Equal("", created.Stderr);
        using (JsonDocument summary = JsonDocument.Parse(created.Stdout))
        {
            Assert.Equal(3, summary.RootElement.GetProperty("keys").GetInt32());
        }

        CliResult inspected = CliRunner.Run("export", "inspect", zip, "--public-key", publicPem);
        Assert.Equal(0, inspected.ExitCode);
        Assert.Equal(
            "{\"region\":\"440\",\"startTimestamp\":0,\"endTimestamp\":" + ((2937744 + 90) * 600L) + ",\"batchNum\":1,\"batchSize\":1,"
            + "\"signatures\":[{\"keyId\":\"440\",\"keyVersion\":\"v2\",\"algorithm\":\"1.2.840.10045.4.3.2\",\"valid\":true}],"
            + "\"keys\":[" + string.Join(",", keys) + "],\"revisedKeys\":[]}\n",
            inspected.Stdout);

        // The inspect output itself is accepted as --keys input.
        string again = Path.Combine(_directory, "inspect.json");
        File.WriteAllText(again, inspected.Stdout);
        Assert.Equal(0, CliRunner.Run("export", "create", "--keys", again, "--private-key", privatePem, "--out", Path.Combine(_directory, "again.zip")).ExitCode);
        CliResult second = CliRunner.Run("export", "inspect", Path.Combine(_directory, "again.zip"), "--public-key", publicPem);
        Assert.Contains("\"keyId\":\"440\",\"keyVersion\":\"v1\"", second.Stdout, StringComparison.Ordinal);
        Assert.Contains(string.Join(",", keys), second.Stdout, StringComparison.Ordinal);

        // … and by `cocoa submit --keys`, unchanged: the server receives exactly those keys in the v3 body.
        using var server = new OneShotServer();
        CliResult submitted = CliRunner.Run("submit", "--server", server.BaseAddress, "--processing-number", "12345678", "--keys", again, "--max-attempts", "1");
        Assert.True(submitted.ExitCode == 0, submitted.Stderr);
        Cocoa.Sdk.Protocol.DiagnosisSubmissionBody body = Cocoa.Sdk.Protocol.DiagnosisSubmissionBody.Parse(server.Body!);
        Assert.Equal(["AAECAwQFBgcICQoLDA0ODw==", "EBESExQVFhcYGRobHB0eHw==", "ICEiIyQlJicoKSorLC0uLw=="], body.Keys.Select(k => k.KeyData));
        Assert.Equal([2937600L, 2937744L, 0L], body.Keys.Select(k => k.RollingStartNumber));
        Assert.Equal([144L, 90L, 1L], body.Keys.Select(k => k.RollingPeriod));
    }

    /// <summary>Answers one request on 127.0.0.1 with 200 and keeps its body.</summary>
    private sealed class OneShotServer : IDisposable
    {
        private readonly System.Net.HttpListener _listener = new();
        private readonly Task _serving;

        public OneShotServer()
        {
            var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            probe.Start();
            int port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            BaseAddress = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(BaseAddress);
            _listener.Start();
            _serving = Task.Run(async () =>
            {
                System.Net.HttpListenerContext context = await _listener.GetContextAsync();
                using var buffer = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(buffer);
                Body = buffer.ToArray();
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync("{}"u8.ToArray());
                context.Response.Close();
            });
        }

        public string BaseAddress { get; }

        public byte[]? Body { get; private set; }

        public void Dispose()
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
            _listener.Close();
        }
    }

    [Theory]
    [InlineData("[{\"keyData\":\"AAECAwQFBgcICQoLDA0O\",\"rollingStartIntervalNumber\":1}]")]
    [InlineData("[{\"keyData\":\"AAECAwQFBgcICQoLDA0ODw==\"}]")]
    [InlineData("[{\"keyData\":\"AAECAwQFBgcICQoLDA0ODw==\",\"rollingStartIntervalNumber\":1,\"rollingPeriod\":145}]")]
    [InlineData("[{\"keyData\":\"AAECAwQFBgcICQoLDA0ODw==\",\"rollingStartIntervalNumber\":1,\"reportType\":\"POSITIVE\"}]")]
    [InlineData("[{\"keyData\":\"AAECAwQFBgcICQoLDA0ODw==\",\"rollingStartIntervalNumber\":1,\"transmissionRisk\":1}]")]
    [InlineData("[{\"keyData\":\"AAECAwQFBgcICQoLDA0ODw==\",\"rollingStartIntervalNumber\":-1}]")]
    [InlineData("{\"temporaryExposureKeys\":[]}")]
    [InlineData("not json")]
    public void Create_rejects_bad_keys_files(string json)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string privatePem = Path.Combine(_directory, "private.pem");
        File.WriteAllText(privatePem, ecdsa.ExportECPrivateKeyPem());
        string keysJson = Path.Combine(_directory, "keys.json");
        File.WriteAllText(keysJson, json);
        string zip = Path.Combine(_directory, "out.zip");
        CliAssert.BadInput(CliRunner.Run("export", "create", "--keys", keysJson, "--private-key", privatePem, "--out", zip));
        Assert.False(File.Exists(zip));
    }

    [Fact]
    public void Create_rejects_bad_private_keys_and_key_ids()
    {
        string keysJson = Path.Combine(_directory, "keys.json");
        File.WriteAllText(keysJson, "[]");
        CliAssert.BadInput(CliRunner.Run("export", "create", "--keys", keysJson, "--private-key", GooglePem, "--out", Path.Combine(_directory, "a.zip")));
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string privatePem = Path.Combine(_directory, "private.pem");
        File.WriteAllText(privatePem, ecdsa.ExportECPrivateKeyPem());
        CliAssert.BadInput(CliRunner.Run("export", "create", "--keys", keysJson, "--private-key", privatePem, "--out", Path.Combine(_directory, "b.zip"), "--key-id", "bad id"));
    }
}
