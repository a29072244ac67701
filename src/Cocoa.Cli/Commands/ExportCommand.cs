using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Protocol;

namespace Cocoa.Cli.Commands;

/// <summary>
/// <c>cocoa export inspect &lt;file.zip&gt; [--public-key &lt;pem&gt;]...</c> and
/// <c>cocoa export create --keys &lt;keys.json&gt; --private-key &lt;pem&gt; --out &lt;file.zip&gt; [--region 440] [--key-id ...] [--key-version ...]</c>.
/// </summary>
internal static class ExportCommand
{

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("export", "Inspect, verify and create diagnosis-key export files (export.bin + export.sig zips)");
        command.Subcommands.Add(CreateInspect(stdout));
        command.Subcommands.Add(CreateCreate(stdout));
        return command;
    }

    private static Command CreateInspect(TextWriter stdout)
    {
        var fileArgument = new Argument<string>("file.zip") { Description = "an export zip file" };
        var publicKeyOption = new Option<string[]>("--public-key")
        {
            Description = "A trusted P-256 public key (PEM file or PEM text); repeatable. Without it signatures are not checked (valid: null)",
            HelpName = "a P-256 public key (PEM file or text)",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command(
            "inspect",
            "Print the file as one JSON object; exit 0 when it parses (and a signature verifies, if keys are given), 1 when no signature verifies, 2 for malformed input")
        {
            fileArgument,
            publicKeyOption,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(fileArgument)!;
            string[] pems = parse.GetValue(publicKeyOption) ?? [];
            ExportPublicKeySet? trusted = null;
            if (pems.Length > 0)
            {
                trusted = new ExportPublicKeySet();
                foreach (string pem in pems)
                {
                    string text = ReadPem(pem, "--public-key");
                    try
                    {
                        trusted.AddPem(text);
                    }
                    catch (Exception ex) when (ex is ArgumentException or FormatException)
                    {
                        throw CliUsageException.From(text == pem ? "--public-key" : $"--public-key {pem}", ex);
                    }
                }
            }

            CliInput.RequireFile("export inspect <file.zip>", path);
            var options = new ExportReaderOptions { TrustedKeys = trusted, RequireValidSignature = false };
            ExportFileReader reader;
            try
            {
                reader = ExportFileReader.Open(path, options);
            }
            catch (Exception ex) when (ex is ExportFormatException or IOException)
            {
                throw CliUsageException.From(path, ex);
            }

            using (reader)
            {
                WriteInspection(reader, trusted is not null, stdout);
                return trusted is null || reader.IsSignatureValid ? CocoaCli.ExitOk : CocoaCli.ExitVerificationFailed;
            }
        });
        return command;
    }

    private static Command CreateCreate(TextWriter stdout)
    {
        var keysOption = new Option<string>("--keys") { Description = "JSON array of key objects (as printed by 'export inspect')", HelpName = "a JSON file of keys", Required = true };
        var privateKeyOption = new Option<string>("--private-key") { Description = "P-256 private key (EC PRIVATE KEY or PRIVATE KEY)", HelpName = "an EC P-256 private key PEM file", Required = true };
        var outOption = new Option<string>("--out") { Description = "The zip file to write", HelpName = "a file to write", Required = true };
        var regionOption = new Option<string>("--region") { Description = "Region of the keys", DefaultValueFactory = _ => "440" };
        var keyIdOption = new Option<string?>("--key-id") { Description = "verification_key_id (default: the region)" };
        var keyVersionOption = new Option<string>("--key-version") { Description = "verification_key_version", DefaultValueFactory = _ => "v1" };
        var command = new Command("create", "Write a signed export zip with the given keys, in the given order, batch 1 of 1")
        {
            keysOption,
            privateKeyOption,
            outOption,
            regionOption,
            keyIdOption,
            keyVersionOption,
        };
        command.SetAction(parse =>
        {
            string keysPath = parse.GetValue(keysOption)!;
            string region = parse.GetValue(regionOption)!;
            string keyId = parse.GetValue(keyIdOption) ?? region;
            string keyVersion = parse.GetValue(keyVersionOption)!;
            string outPath = parse.GetValue(outOption)!;
            (IReadOnlyList<DiagnosisKey> keys, IReadOnlyList<DiagnosisKey> revised) = CliInput.ReadKeysFile(keysPath);

            ExportSigningKey signer;
            string privateKey = parse.GetValue(privateKeyOption)!;
            string pemText = ReadPem(privateKey, "--private-key");
            try
            {
                signer = ExportSigningKey.FromPem(pemText, keyId, keyVersion);
            }
            catch (ArgumentException ex)
            {
                string subject = ex.ParamName switch
                {
                    "keyId" => "--key-id",
                    "keyVersion" => "--key-version",
                    _ => pemText == privateKey ? "--private-key" : $"--private-key {privateKey}",
                };
                throw CliUsageException.From(subject, ex);
            }

            if (Directory.Exists(outPath))
            {
                throw CliUsageException.Expected("--out", "a file to write", outPath, "a directory");
            }

            using (signer)
            {
                (ulong start, ulong end) = Window(keys.Concat(revised));
                var content = new ExportFileContent(new ExportBatchInfo(start, end, region, 1, 1), keys, revised);
                try
                {
                    ExportFileWriter.WriteAsync(outPath, content, [signer]).GetAwaiter().GetResult();
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw CliUsageException.Expected("--out", "a file to write", outPath, ex is UnauthorizedAccessException ? "permission denied" : CliInput.Sentence(ex.Message));
                }

                using ExportFileReader check = ExportFileReader.Open(outPath, new ExportReaderOptions
                {
                    TrustedKeys = new ExportPublicKeySet().Add(signer.ExportSubjectPublicKeyInfo(), keyId, keyVersion),
                });
                var buffer = new MemoryStream();
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writer.WriteStartObject();
                    writer.WriteString("file", outPath);
                    writer.WriteNumber("keys", check.KeyCount);
                    writer.WriteNumber("revisedKeys", check.RevisedKeyCount);
                    writer.WriteNumber("startTimestamp", start);
                    writer.WriteNumber("endTimestamp", end);
                    writer.WriteString("exportBinSha256", Convert.ToHexStringLower(check.ExportBinSha256.Span));
                    writer.WriteEndObject();
                }

                stdout.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
            }

            return CocoaCli.ExitOk;
        });
        return command;
    }

    private static void WriteInspection(ExportFileReader reader, bool checkedSignatures, TextWriter stdout)
    {
        var buffer = new MemoryStream();
        using var json = new Utf8JsonWriter(buffer);
        void FlushIfLarge(bool force)
        {
            json.Flush();
            if (force || buffer.Length > 64 * 1024)
            {
                stdout.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
                buffer.SetLength(0);
            }
        }

        json.WriteStartObject();
        ExportBatchInfo batch = reader.Batch;
        WriteNullableString(json, "region", batch.Region);
        WriteNullableNumber(json, "startTimestamp", batch.StartTimestamp);
        WriteNullableNumber(json, "endTimestamp", batch.EndTimestamp);
        WriteNullableNumber(json, "batchNum", batch.BatchNum);
        WriteNullableNumber(json, "batchSize", batch.BatchSize);
        json.WriteStartArray("signatures");
        foreach (ExportSignature signature in reader.Signatures)
        {
            json.WriteStartObject();
            WriteNullableString(json, "keyId", signature.Info.KeyId);
            WriteNullableString(json, "keyVersion", signature.Info.KeyVersion);
            WriteNullableString(json, "algorithm", signature.Info.Algorithm);
            if (checkedSignatures)
            {
                json.WriteBoolean("valid", signature.Status == ExportSignatureStatus.Valid);
            }
            else
            {
                json.WriteNull("valid");
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("keys");
        foreach (DiagnosisKey key in reader.ReadKeys())
        {
            KeysJson.WriteKey(json, key);
            FlushIfLarge(false);
        }

        json.WriteEndArray();
        json.WriteStartArray("revisedKeys");
        foreach (DiagnosisKey key in reader.ReadRevisedKeys())
        {
            KeysJson.WriteKey(json, key);
            FlushIfLarge(false);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        FlushIfLarge(true);
        stdout.WriteLine();
    }

    /// <summary>The file's window: from the earliest key start to the latest key end (now when there are no keys).</summary>
    private static (ulong Start, ulong End) Window(IEnumerable<DiagnosisKey> keys)
    {
        ulong start = ulong.MaxValue;
        ulong end = 0;
        foreach (DiagnosisKey key in keys)
        {
            start = Math.Min(start, (ulong)key.Key.RollingStartIntervalNumber.Value * EnIntervalNumber.SecondsPerInterval);
            end = Math.Max(end, ((ulong)key.Key.RollingStartIntervalNumber.Value + (ulong)key.Key.RollingPeriod) * EnIntervalNumber.SecondsPerInterval);
        }

        if (start == ulong.MaxValue)
        {
            ulong now = (ulong)TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
            return (now, now);
        }

        return (start, end);
    }

    private static string ReadPem(string value, string option)
    {
        if (value.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            return value;
        }

        return CliInput.ReadText(option, value);
    }

    private static void WriteNullableString(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteNullableNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteNullableNumber(Utf8JsonWriter json, string name, ulong? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
