namespace Cocoa.Sdk.Ble;

/// <summary>Why advertising data is not an exposure-notification advertisement.</summary>
public enum AdvertisementDecodeError
{
    /// <summary>No error: the data was decoded.</summary>
    None = 0,

    /// <summary>An AD structure's length byte runs past the end of the data.</summary>
    TruncatedStructure,

    /// <summary>A service-data AD structure is too short to hold its 16-bit UUID.</summary>
    MalformedServiceData,

    /// <summary>The data holds no 16-bit service data at all.</summary>
    MissingServiceData,

    /// <summary>The data holds 16-bit service data, but none for the exposure-notification UUID 0xFD6F.</summary>
    WrongServiceUuid,

    /// <summary>The 0xFD6F service data is not exactly 20 bytes (16-byte RPI + 4-byte AEM).</summary>
    InvalidPayloadLength,

    /// <summary>Two 0xFD6F service-data structures carry different payloads, so neither can be trusted.</summary>
    ConflictingPayloads,
}
