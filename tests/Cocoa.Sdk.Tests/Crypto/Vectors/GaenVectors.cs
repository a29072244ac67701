using System.Text.Json;
using Cocoa.TestInfrastructure;

namespace Cocoa.Sdk.Tests.Crypto.Vectors;

/// <summary>The official Exposure Notification v1.2 test vectors (tests/TestData/vectors/gaen-vectors.json, section crypto_v1_2).</summary>
internal sealed class GaenVectors
{
    private GaenVectors(JsonElement crypto, JsonElement roundTrip)
    {
        Tek = Hex(crypto, "TEMPORARY_TRACING_KEY");
        Rpik = Hex(crypto, "RPIK");
        Aemk = Hex(crypto, "AEMK");
        Metadata = Hex(crypto, "BLE_METADATA");
        FirstInterval = crypto.GetProperty("CTINTERVAL_NUMBER_OF_GENERATED_KEY").GetUInt32();
        KeyGenerationUnixSeconds = crypto.GetProperty("KEY_GENERATION_NSECONDS").GetInt64();
        Items = crypto.GetProperty("ADVERTISED_DATA").EnumerateArray()
            .Select(e => new AdvertisedItem(
                e.GetProperty("index").GetInt32(),
                e.GetProperty("en_interval_number").GetUInt32(),
                Hex(e, "rpi"),
                Hex(e, "aem")))
            .ToArray();
        RoundTripTek = Hex(roundTrip, "tek");
        RoundTripInterval = roundTrip.GetProperty("en_interval_number").GetUInt32();
        RoundTripRpi = Hex(roundTrip, "rpi_at_en_interval_number_computed");
    }

    public static GaenVectors Official { get; } = Load();

    public byte[] Tek { get; }

    public byte[] Rpik { get; }

    public byte[] Aemk { get; }

    public byte[] Metadata { get; }

    public uint FirstInterval { get; }

    public long KeyGenerationUnixSeconds { get; }

    /// <summary>Gets the 144 (interval, RPI, AEM) triples.</summary>
    public IReadOnlyList<AdvertisedItem> Items { get; }

    /// <summary>Gets all 144 RPIs concatenated.</summary>
    public byte[] AllRpis => Items.SelectMany(i => i.Rpi).ToArray();

    public byte[] RoundTripTek { get; }

    public uint RoundTripInterval { get; }

    public byte[] RoundTripRpi { get; }

    private static GaenVectors Load()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(TestDataFile.Path("vectors/gaen-vectors.json")));
        return new GaenVectors(
            doc.RootElement.GetProperty("crypto_v1_2").Clone(),
            doc.RootElement.GetProperty("derived_roundtrip_vector_not_official").Clone());
    }

    private static byte[] Hex(JsonElement element, string name) => Convert.FromHexString(element.GetProperty(name).GetString()!);
}

internal sealed record AdvertisedItem(int Index, uint Interval, byte[] Rpi, byte[] Aem);
