using System.CommandLine;
using System.Text.Json;
using Cocoa.Sdk.Ble;
using Cocoa.Sdk.Crypto;

namespace Cocoa.Cli.Commands;

/// <summary><c>cocoa ble encode --rpi &lt;32 hex&gt; --aem &lt;8 hex&gt;</c> and <c>cocoa ble decode &lt;hex&gt; [--scan-response &lt;hex&gt;]</c>.</summary>
internal static class BleCommand
{
    // Legacy advertising data is at most 31 bytes, extended advertising at most 1650; refuse absurd input before decoding it.
    private const int MaxAdvertisingBytes = 1650;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("ble", "Encode and decode exposure-notification BLE advertising data (service 0xFD6F)");
        command.Subcommands.Add(CreateEncode(stdout));
        command.Subcommands.Add(CreateDecode(stdout, stderr));
        return command;
    }

    private static Command CreateEncode(TextWriter stdout)
    {
        var rpiOption = new Option<string>("--rpi") { Description = "Rolling proximity identifier", HelpName = "32 hex digits", Required = true };
        var aemOption = new Option<string>("--aem") { Description = "Associated encrypted metadata", HelpName = "8 hex digits", Required = true };
        var command = new Command("encode", "Print the 31-byte advertising data (Flags, 16-bit UUID list, service data) as one line of lowercase hex") { rpiOption, aemOption };
        command.SetAction(parse =>
        {
            var rpi = RollingProximityIdentifier.FromBytes(CliInput.Hex("--rpi", parse.GetValue(rpiOption), RollingProximityIdentifier.Length));
            var aem = AssociatedEncryptedMetadata.FromBytes(CliInput.Hex("--aem", parse.GetValue(aemOption), AssociatedEncryptedMetadata.Length));

            Span<byte> data = stackalloc byte[ExposureNotificationAdvertisement.Length];
            _ = ExposureNotificationAdvertisement.TryWrite(new ExposureNotificationPayload(rpi, aem), data, out int written);
            stdout.WriteLine(Convert.ToHexStringLower(data[..written]));
            return CocoaCli.ExitOk;
        });
        return command;
    }

    private static Command CreateDecode(TextWriter stdout, TextWriter stderr)
    {
        var dataArgument = new Argument<string>("hex") { Description = "the raw advertising data (AD structures) as hex" };
        var scanResponseOption = new Option<string?>("--scan-response") { Description = "Raw scan response data, searched as well", HelpName = "hex" };
        var command = new Command("decode", "Print {\"rpi\":...,\"aem\":...} of an exposure-notification advertisement; exit 2 with the reason if it is not one")
        {
            dataArgument,
            scanResponseOption,
        };
        command.SetAction(parse =>
        {
            byte[] advertising = ParseHex(parse.GetValue(dataArgument), "ble decode <hex>");
            byte[] scanResponse = parse.GetValue(scanResponseOption) is { } scanHex ? ParseHex(scanHex, "--scan-response") : [];
            if (!ExposureNotificationAdvertisement.TryDecode(advertising, scanResponse, out ExposureNotificationPayload payload, out AdvertisementDecodeFailure failure))
            {
                stderr.WriteLine(CocoaCli.ErrorPrefix + "ble decode <hex>: " + CliInput.Sentence(failure.Message));
                return CocoaCli.ExitBadInput;
            }

            var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("rpi", payload.Identifier.ToString());
                writer.WriteString("aem", payload.EncryptedMetadata.ToString());
                writer.WriteEndObject();
            }

            stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            return CocoaCli.ExitOk;
        });
        return command;
    }

    private static byte[] ParseHex(string? hex, string subject)
    {
        string expected = $"an even number of hex digits (at most {MaxAdvertisingBytes} bytes)";
        if (hex is null || hex.Length % 2 != 0 || hex.Length / 2 > MaxAdvertisingBytes)
        {
            throw CliUsageException.Expected(subject, expected, hex, hex is null ? null : $"{hex.Length} characters");
        }

        return CliInput.Hex(subject, hex, hex.Length / 2);
    }
}
