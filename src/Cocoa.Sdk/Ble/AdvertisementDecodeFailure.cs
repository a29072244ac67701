using System.Globalization;

namespace Cocoa.Sdk.Ble;

/// <summary>Why <see cref="ExposureNotificationAdvertisement.TryDecode(ReadOnlySpan{byte}, ReadOnlySpan{byte}, out ExposureNotificationPayload, out AdvertisementDecodeFailure)"/> rejected its input.</summary>
/// <remarks>
/// <para>The message is formatted only when <see cref="Message"/> or <see cref="ToString"/> is called, so rejecting
/// the many foreign advertisements a scanner sees does not allocate. The default value means "no failure".</para>
/// </remarks>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly struct AdvertisementDecodeFailure : IEquatable<AdvertisementDecodeFailure>
{
    internal AdvertisementDecodeFailure(AdvertisementDecodeError error, bool inScanResponse, int offset, int value)
    {
        Error = error;
        InScanResponse = inScanResponse;
        Offset = offset;
        Value = value;
    }

    /// <summary>Gets the reason.</summary>
    public AdvertisementDecodeError Error { get; }

    /// <summary>Gets whether <see cref="Offset"/> refers to the scan response rather than the advertising data.</summary>
    public bool InScanResponse { get; }

    /// <summary>Gets the offset of the offending AD structure, or -1 when the failure concerns the data as a whole.</summary>
    public int Offset { get; }

    /// <summary>Gets a number that details the failure: the declared structure length, the service-data length, or the foreign UUID; 0 otherwise.</summary>
    public int Value { get; }

    /// <summary>Gets a one-line, human-readable explanation.</summary>
    public string Message
    {
        get
        {
            string where = Offset < 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" (AD structure at offset {Offset}{(InScanResponse ? " of the scan response" : string.Empty)})");
            string text = Error switch
            {
                AdvertisementDecodeError.None => "decoded",
                AdvertisementDecodeError.TruncatedStructure => string.Create(CultureInfo.InvariantCulture, $"malformed advertising data: an AD structure declares {Value} bytes but fewer remain"),
                AdvertisementDecodeError.MalformedServiceData => string.Create(CultureInfo.InvariantCulture, $"malformed advertising data: 16-bit service data of {Value} bytes cannot hold a UUID"),
                AdvertisementDecodeError.MissingServiceData => "not an exposure-notification advertisement: no 16-bit service data",
                AdvertisementDecodeError.WrongServiceUuid => string.Create(CultureInfo.InvariantCulture, $"not an exposure-notification advertisement: service data is for UUID 0x{Value:X4}, not 0xFD6F"),
                AdvertisementDecodeError.InvalidPayloadLength => string.Create(CultureInfo.InvariantCulture, $"not an exposure-notification advertisement: 0xFD6F service data has {Value} payload bytes, expected 20"),
                AdvertisementDecodeError.ConflictingPayloads => "not an exposure-notification advertisement: two 0xFD6F service-data structures carry different payloads",
                _ => Error.ToString(),
            };
            return text + where;
        }
    }

    /// <inheritdoc/>
    public bool Equals(AdvertisementDecodeFailure other) =>
        Error == other.Error && InScanResponse == other.InScanResponse && Offset == other.Offset && Value == other.Value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is AdvertisementDecodeFailure other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Error, InScanResponse, Offset, Value);

    /// <summary>Returns <see cref="Message"/>.</summary>
    /// <returns>The one-line explanation.</returns>
    public override string ToString() => Message;

    /// <summary>Compares two failures for equality.</summary>
    public static bool operator ==(AdvertisementDecodeFailure left, AdvertisementDecodeFailure right) => left.Equals(right);

    /// <summary>Compares two failures for inequality.</summary>
    public static bool operator !=(AdvertisementDecodeFailure left, AdvertisementDecodeFailure right) => !left.Equals(right);
}
