using System.CommandLine;
using System.Text.Json;
using Cocoa.Sdk.Crypto;

namespace Cocoa.Cli.Commands;

/// <summary><c>cocoa derive --tek &lt;32 hex&gt; --interval &lt;ENIN&gt; [--count n] [--metadata &lt;8 hex&gt;]</c>.</summary>
internal static class DeriveCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var tekOption = new Option<string>("--tek") { Description = "Temporary exposure key", HelpName = "32 hex digits", Required = true };
        var intervalOption = new Option<string>("--interval") { Description = "ENIntervalNumber of the first RPI", HelpName = "an integer from 0 to 4294967295", Required = true };
        var countOption = new Option<string?>("--count") { Description = "Number of consecutive intervals (default 144)", HelpName = "an integer from 1 to 100000" };
        var metadataOption = new Option<string?>("--metadata") { Description = "BLE metadata; adds the AEM of each RPI", HelpName = "8 hex digits" };
        var command = new Command("derive", "Derive RPIK, AEMK, RPIs and AEMs from a TEK") { tekOption, intervalOption, countOption, metadataOption };
        command.SetAction(parse =>
        {
            byte[] tekBytes = CliInput.Hex("--tek", parse.GetValue(tekOption), 16);
            long interval = CliInput.Integer("--interval", parse.GetValue(intervalOption), 0, uint.MaxValue);
            int count = (int)CliInput.Integer("--count", parse.GetValue(countOption) ?? "144", 1, 100_000);
            if (interval + count - 1 > uint.MaxValue)
            {
                throw CliUsageException.Expected("--count", $"at most {uint.MaxValue - interval + 1} after --interval {interval} (the 32-bit interval range)", count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            ExposureMetadata? metadata = parse.GetValue(metadataOption) is { } metadataHex
                ? ExposureMetadata.FromBytes(CliInput.Hex("--metadata", metadataHex, 4))
                : null;

            var first = new EnIntervalNumber((uint)interval);
            var tek = TemporaryExposureKey.FromBytes(tekBytes, first.DayStart);
            RollingProximityIdentifierKey rpik = ExposureKeyDerivation.DeriveRollingProximityIdentifierKey(tek);
            AssociatedEncryptedMetadataKey aemk = ExposureKeyDerivation.DeriveAssociatedEncryptedMetadataKey(tek);
            byte[] rpikBytes = rpik.ToArray();
            byte[] rpis = new byte[count * 16];
            ExposureKeyDerivation.GenerateRollingProximityIdentifiers(rpikBytes, first, rpis);

            var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("tek", Convert.ToHexStringLower(tekBytes));
                writer.WriteString("rpik", rpik.ToHex());
                writer.WriteString("aemk", aemk.ToHex());
                writer.WriteStartArray("items");
                for (int i = 0; i < count; i++)
                {
                    var rpi = RollingProximityIdentifier.FromBytes(rpis.AsSpan(i * 16, 16));
                    writer.WriteStartObject();
                    writer.WriteNumber("interval", interval + i);
                    writer.WriteString("rpi", rpi.ToString());
                    if (metadata is { } md)
                    {
                        writer.WriteString("aem", ExposureKeyDerivation.EncryptMetadata(aemk, rpi, md).ToString());
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            return CocoaCli.ExitOk;
        });
        return command;
    }
}
