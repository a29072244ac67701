using System.Text.Json;
using Cocoa.TestInfrastructure;

namespace Cocoa.Cli.Tests;

/// <summary>The official v1.2 crypto vectors (the copy committed with the SDK tests).</summary>
internal static class GaenVectors
{
    private static readonly Lazy<JsonElement> Crypto = new(() =>
    {
        string path = TestDataFile.Path("vectors/gaen-vectors.json");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("crypto_v1_2").Clone();
    });

    public static string Tek => Get("TEMPORARY_TRACING_KEY");

    public static string Rpik => Get("RPIK");

    public static string Aemk => Get("AEMK");

    public static string Metadata => Get("BLE_METADATA");

    public static uint Interval => Crypto.Value.GetProperty("CTINTERVAL_NUMBER_OF_GENERATED_KEY").GetUInt32();

    public static IReadOnlyList<(uint Interval, string Rpi, string Aem)> Advertised =>
        [.. Crypto.Value.GetProperty("ADVERTISED_DATA").EnumerateArray().Select(e =>
            (e.GetProperty("en_interval_number").GetUInt32(), e.GetProperty("rpi").GetString()!, e.GetProperty("aem").GetString()!))];

    private static string Get(string name) => Crypto.Value.GetProperty(name).GetString()!;
}
