using System.CommandLine;
using System.Text.Json;
using Cocoa.Sdk.Crypto;

namespace Cocoa.Cli.Commands;

/// <summary><c>cocoa derive --tek &lt;32 hex&gt; --interval &lt;ENIN&gt; [--count n] [--metadata &lt;8 hex&gt;]</c>.</summary>
internal static class DeriveCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var tekOption = new Option<string>("--tek") { Description = "Temporary exposure key, 32 hex digits", Required = true };
        var intervalOption = new Option<long>("--interval") { Description = "ENIntervalNumber of the first RPI", Required = true };
        var countOption = new Option<int>("--count") { Description = "Number of consecutive intervals", DefaultValueFactory = _ => 144 };
        var metadataOption = new Option<string?>("--metadata") { Description = "BLE metadata, 8 hex digits; adds the AEM of each RPI" };
        var command = new Command("derive", "Derive RPIK, AEMK, RPIs and AEMs from a TEK") { tekOption, intervalOption, countOption, metadataOption };
        command.SetAction(parse =>
        {
            string tekHex = parse.GetValue(tekOption)!;
            long interval = parse.GetValue(intervalOption);
            int count = parse.GetValue(countOption);
            string? metadataHex = parse.GetValue(metadataOption);

            Span<byte> tekBytes = stackalloc byte[16];
            if (tekHex.Length != 32 || Convert.FromHexString(tekHex, tekBytes, out _, out int written) != System.Buffers.OperationStatus.Done || written != 16)
            {
                throw new CliUsageException("--tek must be exactly 32 hex digits (16 bytes).");
            }

            if (interval < 0 || interval > uint.MaxValue)
            {
                throw new CliUsageException("--interval must be an ENIntervalNumber between 0 and 4294967295.");
            }

            if (count < 1 || count > 100_000 || interval + count - 1 > uint.MaxValue)
            {
                throw new CliUsageException("--count must be between 1 and 100000 and stay within the 32-bit interval range.");
            }

            ExposureMetadata? metadata = null;
            if (metadataHex is not null)
            {
                if (!ExposureMetadata.TryParseHex(metadataHex, out ExposureMetadata parsed))
                {
                    throw new CliUsageException("--metadata must be exactly 8 hex digits (4 bytes).");
                }

                metadata = parsed;
            }

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
