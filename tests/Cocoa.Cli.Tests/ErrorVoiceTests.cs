using System.Security.Cryptography;
using Cocoa.TestInfrastructure;
using Xunit;

namespace Cocoa.Cli.Tests;

/// <summary>
/// One voice: every command, given bad input, prints exactly one line <c>cocoa: &lt;subject&gt;: &lt;problem&gt;</c> naming the
/// option, argument or file at fault and what was expected, exits 2 and prints nothing on stdout.
/// </summary>
public sealed class ErrorVoiceTests
{
    private const string Tek = "75c734c6dd1a782de7a965da5eb93125";
    private static readonly string Export = TestDataFile.Path("exports/google-ens/exposure-notifications-server_testExport-2-records-1-of-1.zip");

    private static readonly string s_dir = Directory.CreateTempSubdirectory("cocoa-voice-").FullName;
    private static readonly string s_missing = Path.Combine(s_dir, "missing.json");
    private static readonly string s_rsaPrivate = Write("rsa-private.pem", RSA.Create(2048).ExportPkcs8PrivateKeyPem());
    private static readonly string s_rsaPublic = Write("rsa-public.pem", RSA.Create(2048).ExportSubjectPublicKeyInfoPem());
    private static readonly string s_p384Private = Write("p384-private.pem", ECDsa.Create(ECCurve.NamedCurves.nistP384).ExportECPrivateKeyPem());
    private static readonly string s_p256Private = Write("p256-private.pem", ECDsa.Create(ECCurve.NamedCurves.nistP256).ExportECPrivateKeyPem());
    private static readonly string s_keys = Write("keys.json", """[{"keyData":"AAECAwQFBgcICQoLDA0ODw==","rollingStartIntervalNumber":2650000}]""");
    private static readonly string s_notJson = Write("not.json", "{");
    private static readonly string s_notZip = Write("not-an-export.zip", "plain text");
    private static readonly string s_sightings = Write("sightings.csv", "time,rpi,aem,rssi\n1590000000,8be6cd371c5c891604bfbe49df845096,72033874,-60\n");
    private static readonly string s_badSightings = Write("bad-sightings.csv", "time,rpi,aem,rssi\n1590000000,8be6cd37,72033874,-60\n");

    /// <summary>args, the subject the line must name (null: the command line as a whole), and what it must say.</summary>
    public static TheoryData<string[], string?, string> BadInputs => new()
    {
        // No or unknown command.
        { ["bogus"], null, "expected a command (derive, submit, ble, export, match, simulate), got \"bogus\"" },
        { ["ble", "frobnicate"], "ble", "expected a command (encode, decode), got \"frobnicate\"" },

        // derive: numbers, hex, missing values, stray tokens.
        { ["derive", "--tek", Tek, "--interval", "abc"], "--interval", "expected an integer, got \"abc\"" },
        { ["derive", "--tek", Tek, "--interval", "1.5"], "--interval", "expected an integer, got \"1.5\"" },
        { ["derive", "--tek", Tek, "--interval", "-1"], "--interval", "expected an integer from 0 to 4294967295, got \"-1\"" },
        { ["derive", "--tek", Tek, "--interval", "99999999999999999999999"], "--interval", "expected an integer, got \"99999999999999999999999\"" },
        { ["derive", "--interval", "1"], "--tek", "expected 32 hex digits, got nothing" },
        { ["derive", "--tek", Tek, "--interval"], "--interval", "expected an integer from 0 to 4294967295, got nothing" },
        { ["derive", "--tek", "zzc734c6dd1a782de7a965da5eb93125", "--interval", "1"], "--tek", "expected 32 hex digits, got \"zzc734c6dd1a782de7a965da5eb93125\" (not hex" },
        { ["derive", "--tek", "75c7", "--interval", "1"], "--tek", "expected 32 hex digits, got \"75c7\" (4 characters)" },
        { ["derive", "--tek", Tek, "--interval", "1", "--count", "many"], "--count", "expected an integer, got \"many\"" },
        { ["derive", "--tek", Tek, "--interval", "1", "--count", "0"], "--count", "expected an integer from 1 to 100000, got \"0\"" },
        { ["derive", "--tek", Tek, "--interval", "1", "--metadata", "4008000g"], "--metadata", "expected 8 hex digits, got \"4008000g\"" },
        { ["derive", "--tek", Tek, "--interval", "1", "stray"], "derive", "expected only its options, got \"stray\"" },
        { ["derive", "--tek", Tek, "--interval", "@\0"], "--interval", "expected an integer, got \"@\0\"" }, // a value, not a response file
        { ["derive", "--tek", "@" + s_keys, "--interval", "1"], "--tek", $"expected 32 hex digits, got \"@{s_keys}\"" },

        // ble.
        { ["ble", "encode", "--rpi", "xyz", "--aem", "72033874"], "--rpi", "expected 32 hex digits, got \"xyz\"" },
        { ["ble", "encode", "--rpi", "8be6cd371c5c891604bfbe49df845096", "--aem", "7203387"], "--aem", "expected 8 hex digits, got \"7203387\"" },
        { ["ble", "decode", "abc"], "ble decode <hex>", "expected an even number of hex digits" },
        { ["ble", "decode", "zz"], "ble decode <hex>", "expected 2 hex digits, got \"zz\" (not hex" },
        { ["ble", "decode", "0011"], "ble decode <hex>", "not an exposure-notification advertisement" },

        // export inspect: missing file, directory, not an export, wrong key types.
        { ["export", "inspect"], "export inspect <file.zip>", "expected an export zip file, got nothing" },
        { ["export", "inspect", s_missing], "export inspect <file.zip>", $"expected a readable file, got \"{s_missing}\" (no such file)" },
        { ["export", "inspect", s_dir], "export inspect <file.zip>", $"expected a readable file, got \"{s_dir}\" (a directory)" },
        { ["export", "inspect", s_notZip], s_notZip, "" },
        { ["export", "inspect", Export, "--public-key", s_rsaPublic], $"--public-key {s_rsaPublic}", "expected a P-256 public key, got an RSA public key (2048 bits)" },
        { ["export", "inspect", Export, "--public-key", s_p256Private], $"--public-key {s_p256Private}", "expected a P-256 public key (PEM 'PUBLIC KEY'), got an EC private key on" },
        { ["export", "inspect", Export, "--public-key", s_missing], "--public-key", "(no such file)" },

        // export create.
        { ["export", "create", "--keys", s_keys, "--private-key", s_rsaPrivate, "--out", Out("a.zip")], $"--private-key {s_rsaPrivate}", "expected an EC P-256 private key (export files are signed with ECDSA P-256), got an RSA private key (2048 bits)" },
        { ["export", "create", "--keys", s_keys, "--private-key", s_p384Private, "--out", Out("b.zip")], $"--private-key {s_p384Private}", "expected an EC P-256 private key (export files are signed with ECDSA P-256), got an EC private key on" },
        { ["export", "create", "--keys", s_keys, "--private-key", s_dir, "--out", Out("c.zip")], "--private-key", "(a directory)" },
        { ["export", "create", "--keys", s_missing, "--private-key", s_p256Private, "--out", Out("d.zip")], "--keys", $"expected a readable file, got \"{s_missing}\" (no such file)" },
        { ["export", "create", "--keys", s_dir, "--private-key", s_p256Private, "--out", Out("e.zip")], "--keys", "(a directory)" },
        { ["export", "create", "--keys", s_notJson, "--private-key", s_p256Private, "--out", Out("f.zip")], s_notJson, "expected JSON, got invalid JSON" },
        { ["export", "create", "--keys", s_keys, "--private-key", s_p256Private, "--out", s_dir], "--out", $"expected a file to write, got \"{s_dir}\" (a directory)" },
        { ["export", "create", "--keys", s_keys, "--private-key", s_p256Private], "--out", "expected a file to write, got nothing" },

        // match.
        { ["match", "--export", Export, "--sightings", s_sightings, "--rssi-correction", "abc"], "--rssi-correction", "expected an integer, got \"abc\"" },
        { ["match", "--export", Export, "--sightings", s_sightings, "--now", "-5"], "--now", "expected an integer from 0 to 253402300799, got \"-5\"" },
        { ["match", "--export", s_missing, "--sightings", s_sightings], "--export", "(no such file)" },
        { ["match", "--export", Export, "--sightings", s_dir], "--sightings", "(a directory)" },
        { ["match", "--export", Export, "--sightings", s_badSightings], $"{s_badSightings}: line 2: rpi", "expected 32 hex digits, got \"8be6cd37\"" },
        { ["match", "--export", Export, "--sightings", s_sightings, "--public-key", s_rsaPublic], $"--public-key {s_rsaPublic}", "expected a P-256 public key, got an RSA public key" },
        { ["match", "--export", Export, "--sightings", s_sightings, "--config", s_notJson], s_notJson, "" },

        // simulate.
        { ["simulate", "--distance", "near", "--minutes", "15"], "--distance", "expected a distance in metres, got \"near\"" },
        { ["simulate", "--distance", "1", "--minutes", "15", "--trials", "0"], "--trials", "expected an integer from 1 to 100000, got \"0\"" },
        { ["simulate", "--distance", "1", "--minutes", "15", "--config", s_missing], "--config", "expected cocoa-v2, cocoa-v1 or an exposure_configuration.json file" },
        { ["simulate", "--distance", "1", "--minutes", "15", "--config", s_notJson], s_notJson, "" },
        { ["simulate", "frobnicate"], "simulate", "expected a command (sweep), got \"frobnicate\"" },
        { ["simulate", "sweep", "--out", s_dir, "--trials", "x"], "--trials", "expected an integer, got \"x\"" },

        // submit (all rejected before any request).
        { ["submit", "--server", "ftp://127.0.0.1", "--processing-number", "12345678", "--keys", s_keys], "--server", "expected an absolute http(s) URL, got \"ftp://127.0.0.1\"" },
        { ["submit", "--server", "http://127.0.0.1:9", "--processing-number", "12345678", "--keys", s_keys, "--max-attempts", "0"], "--max-attempts", "expected an integer from 1 to 20, got \"0\"" },
        { ["submit", "--server", "http://127.0.0.1:9", "--processing-number", "12345678", "--keys", s_keys, "--date", "2026-13-01"], "--date", "expected a date yyyy-MM-dd, got \"2026-13-01\"" },
        { ["submit", "--server", "http://127.0.0.1:9", "--processing-number", "12345678", "--keys", s_missing], "--keys", "(no such file)" },
        { ["submit", "--server", "http://127.0.0.1:9", "--processing-number", "1234", "--keys", s_keys], "--processing-number", "expected 8 digits or a https://…/cocoa/a/?pn=<number> link, got \"1234\"" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Every_bad_input_is_one_line_naming_its_subject_and_what_was_expected(string[] args, string? subject, string says)
    {
        CliResult result = CliRunner.Run(args);

        CliAssert.BadInput(result);
        string line = result.StderrLines[0];
        string prefix = subject is null ? "cocoa: " : $"cocoa: {subject}: ";
        Assert.StartsWith(prefix, line, StringComparison.Ordinal);
        Assert.True(line.Length > prefix.Length, line);
        Assert.Contains(says, line, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_file_says_permission_denied()
    {
        if (Environment.IsPrivilegedProcess || OperatingSystem.IsWindows())
        {
            // root reads every file (and Windows has no Unix modes): this check runs when the suite runs as a normal user.
            return;
        }

        string secret = Write("unreadable.json", "[]");
        File.SetUnixFileMode(secret, UnixFileMode.None);
        CliResult result = CliRunner.Run("export", "create", "--keys", secret, "--private-key", s_p256Private, "--out", Out("g.zip"));

        CliAssert.BadInput(result);
        Assert.Equal($"cocoa: --keys: expected a readable file, got \"{secret}\" (permission denied)", result.StderrLines[0]);
    }

    static ErrorVoiceTests() => AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(s_dir, recursive: true);

    private static string Write(string name, string text)
    {
        string path = Path.Combine(s_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static string Out(string name) => Path.Combine(s_dir, "out-" + name);
}
