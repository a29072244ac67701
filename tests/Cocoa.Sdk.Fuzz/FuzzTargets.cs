using System.Text;
using Cocoa.Sdk.Ble;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Protocol;
using Cocoa.Sdk.Risk;

namespace Cocoa.Sdk.Fuzz;

/// <summary>
/// One entry per parser of untrusted bytes. Each target feeds the input to the parser and lets only the parser's
/// documented, typed rejections pass; any other exception escapes and is a crash for the fuzzer.
/// </summary>
/// <remarks>Nothing here may run instrumented library code before SharpFuzz has set up the coverage map (in
/// <c>Fuzzer.OutOfProcess.Run</c>): static state of the library is created on first use inside a target.</remarks>
public static class FuzzTargets
{
    /// <summary>The targets by name (the first command-line argument).</summary>
    public static IReadOnlyDictionary<string, Action<byte[]>> All { get; } = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["export"] = ExportFile,
        ["ble"] = BleAdvertisement,
        ["config"] = Configuration,
        ["diagnosis"] = DiagnosisBody,
        ["exportlist"] = ExportLists,
        ["keysjson"] = KeysJsonFile,
    };

    /// <summary>An export zip: open (with and without a trusted key) and read every key.</summary>
    public static void ExportFile(byte[] input)
    {
        ExportReaderOptions[] all = ExportOptions ??= [new ExportReaderOptions(), new ExportReaderOptions { TrustedKeys = SeedCorpus.TrustedKeys, AllowAdditionalEntries = true }];
        foreach (ExportReaderOptions options in all)
        {
            try
            {
                using ExportFileReader reader = ExportFileReader.Open(new MemoryStream(input, writable: false), options);
                foreach (DiagnosisKey key in reader.ReadKeys())
                {
                    _ = key.Key.RollingPeriod;
                }

                foreach (DiagnosisKey key in reader.ReadRevisedKeys())
                {
                    _ = key.Key.RollingPeriod;
                }
            }
            catch (ExportFormatException)
            {
            }
        }
    }

    /// <summary>BLE advertising data (first half) plus scan response (second half); decoding never throws.</summary>
    public static void BleAdvertisement(byte[] input)
    {
        int split = input.Length == 0 ? 0 : input[0] % (input.Length + 1);
        ReadOnlySpan<byte> data = input;
        _ = ExposureNotificationAdvertisement.TryDecode(data, out _, out _);
        _ = ExposureNotificationAdvertisement.TryDecode(data[..split], data[split..], out _, out _);
    }

    /// <summary>COCOA's exposure and risk configuration files (JSON) and Google's calibration CSV.</summary>
    public static void Configuration(byte[] input)
    {
        try
        {
            _ = CocoaExposureConfiguration.Parse(input);
        }
        catch (ConfigurationFormatException)
        {
        }

        try
        {
            _ = CocoaRiskCalculationConfiguration.Parse(input);
        }
        catch (ConfigurationFormatException)
        {
        }

        try
        {
            using var reader = new StringReader(Encoding.UTF8.GetString(input));
            _ = CalibrationTable.Parse(reader);
        }
        catch (CalibrationTableFormatException)
        {
        }
    }

    /// <summary>The v3 diagnosis body reader (the SDK's, used by the notification server): a body or <see cref="ProtocolFormatException"/>.</summary>
    public static void DiagnosisBody(byte[] input)
    {
        try
        {
            _ = DiagnosisSubmissionBody.Parse(input);
        }
        catch (ProtocolFormatException)
        {
        }
    }

    /// <summary>What a phone downloads before any export: COCOA's <c>list.json</c> and Google's <c>index.txt</c>.</summary>
    public static void ExportLists(byte[] input)
    {
        try
        {
            _ = ExportList.ParseListJson(input, "440");
        }
        catch (ProtocolFormatException)
        {
        }

        try
        {
            _ = ExportList.ParseIndexTxt(input);
        }
        catch (ProtocolFormatException)
        {
        }
    }

    /// <summary>The <c>keys.json</c> documents the <c>cocoa</c> tool reads (export create, submit, match).</summary>
    public static void KeysJsonFile(byte[] input)
    {
        try
        {
            _ = KeysJson.Parse(input);
        }
        catch (ProtocolFormatException)
        {
        }
    }

    private static ExportReaderOptions[]? ExportOptions { get; set; }
}
