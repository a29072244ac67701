// Exposure Notification Bluetooth Specification v1.2 and Bluetooth Core Specification Vol 3 Part C §11
// (advertising data = a sequence of AD structures: length byte, AD type, length-1 data bytes; a zero length ends it early).
//   02 01 1A                          Flags: LE General Discoverable (bit 1) set
//   03 03 6F FD                       Complete List of 16-bit Service UUIDs: 0xFD6F
//   17 16 6F FD <RPI 16> <AEM 4>      Service Data - 16-bit UUID: 0xFD6F + 20-byte payload

using System.Buffers.Binary;

namespace Cocoa.Sdk.Ble;

/// <summary>Encodes and decodes the BLE advertising data of the Exposure Notification service (UUID 0xFD6F).</summary>
/// <remarks>
/// <para>Encoding always produces the 31-byte layout of the specification: Flags, the complete 16-bit service UUID list and the
/// service data. Decoding is tolerant of what real phones and scanners deliver: AD structures in any order, with or without
/// Flags or the UUID list, other AD structures ignored, and a zero length byte ending the data (zero padding). It is strict
/// about everything that could yield a wrong payload: a length byte that runs past the data, a service-data structure too short
/// for its UUID, 0xFD6F service data that is not exactly 20 bytes, and two 0xFD6F structures with different payloads are all
/// rejected with an <see cref="AdvertisementDecodeFailure"/>. Decoding never throws.</para>
/// <para>Service data longer than 20 bytes is rejected: version 1.x of the specification defines exactly 16 + 4 bytes, and
/// guessing which bytes form the metadata of a longer, unknown layout could hand the matcher a wrong AEM.</para>
/// </remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class ExposureNotificationAdvertisement
{
    /// <summary>The 16-bit service UUID of the Exposure Notification service.</summary>
    public const ushort ServiceUuid16 = 0xFD6F;

    /// <summary>Length of the encoded advertising data: 3 + 4 + 24 = 31 bytes, the legacy advertising maximum.</summary>
    public const int Length = 31;

    /// <summary>The Flags value written by <see cref="TryWrite"/> (0x1A, as seen in captures; bit 1 = LE General Discoverable).</summary>
    public const byte FlagsValue = 0x1A;

    /// <summary>AD type "Flags".</summary>
    public const byte FlagsAdType = 0x01;

    /// <summary>AD type "Complete List of 16-bit Service Class UUIDs".</summary>
    public const byte CompleteServiceUuid16ListAdType = 0x03;

    /// <summary>AD type "Service Data - 16-bit UUID".</summary>
    public const byte ServiceData16AdType = 0x16;

    /// <summary>Gets the full 128-bit service UUID, 0000FD6F-0000-1000-8000-00805F9B34FB.</summary>
    public static Guid ServiceUuid { get; } = new("0000FD6F-0000-1000-8000-00805F9B34FB");

    /// <summary>Writes the 31-byte advertising data for <paramref name="payload"/>.</summary>
    /// <param name="payload">The RPI and AEM to broadcast.</param>
    /// <param name="destination">The buffer; needs at least <see cref="Length"/> bytes.</param>
    /// <param name="bytesWritten"><see cref="Length"/> when successful, otherwise 0.</param>
    /// <returns><see langword="false"/> when <paramref name="destination"/> is too small.</returns>
    public static bool TryWrite(in ExposureNotificationPayload payload, Span<byte> destination, out int bytesWritten)
    {
        if (destination.Length < Length)
        {
            bytesWritten = 0;
            return false;
        }

        destination[0] = 2;
        destination[1] = FlagsAdType;
        destination[2] = FlagsValue;
        destination[3] = 3;
        destination[4] = CompleteServiceUuid16ListAdType;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[5..], ServiceUuid16);
        destination[7] = 1 + 2 + ExposureNotificationPayload.Length;
        destination[8] = ServiceData16AdType;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[9..], ServiceUuid16);
        payload.CopyTo(destination[11..]);
        bytesWritten = Length;
        return true;
    }

    /// <summary>Returns the 31-byte advertising data for <paramref name="payload"/> as a new array.</summary>
    /// <param name="payload">The RPI and AEM to broadcast.</param>
    /// <returns>The advertising data.</returns>
    public static byte[] Encode(in ExposureNotificationPayload payload)
    {
        byte[] data = new byte[Length];
        _ = TryWrite(payload, data, out _);
        return data;
    }

    /// <summary>Decodes the exposure-notification payload from raw advertising data.</summary>
    /// <param name="advertisingData">The advertising data as received (AD structures).</param>
    /// <param name="payload">The payload when successful, otherwise the default value.</param>
    /// <returns><see langword="true"/> when the data is a well-formed exposure-notification advertisement.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> advertisingData, out ExposureNotificationPayload payload) =>
        TryDecode(advertisingData, default, out payload, out _);

    /// <summary>Decodes the exposure-notification payload from raw advertising data, explaining a rejection.</summary>
    /// <param name="advertisingData">The advertising data as received (AD structures).</param>
    /// <param name="payload">The payload when successful, otherwise the default value.</param>
    /// <param name="failure">Why the data was rejected; the default value when successful.</param>
    /// <returns><see langword="true"/> when the data is a well-formed exposure-notification advertisement.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> advertisingData, out ExposureNotificationPayload payload, out AdvertisementDecodeFailure failure) =>
        TryDecode(advertisingData, default, out payload, out failure);

    /// <summary>Decodes the exposure-notification payload from advertising data plus an optional scan response.</summary>
    /// <param name="advertisingData">The advertising data as received (AD structures).</param>
    /// <param name="scanResponse">The scan response data (AD structures); empty when there was none.</param>
    /// <param name="payload">The payload when successful, otherwise the default value.</param>
    /// <param name="failure">Why the data was rejected; the default value when successful.</param>
    /// <returns><see langword="true"/> when exactly one distinct, well-formed 0xFD6F payload is present and no structure is malformed.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> advertisingData, ReadOnlySpan<byte> scanResponse, out ExposureNotificationPayload payload, out AdvertisementDecodeFailure failure)
    {
        var state = new DecodeState { ForeignOffset = -1 };
        if (!Scan(advertisingData, inScanResponse: false, ref state, out failure)
            || !Scan(scanResponse, inScanResponse: true, ref state, out failure))
        {
            payload = default;
            return false;
        }

        if (state.Found)
        {
            payload = state.Payload;
            failure = default;
            return true;
        }

        payload = default;
        failure = state.ForeignOffset >= 0
            ? new AdvertisementDecodeFailure(AdvertisementDecodeError.WrongServiceUuid, state.ForeignInScanResponse, state.ForeignOffset, state.ForeignUuid)
            : new AdvertisementDecodeFailure(AdvertisementDecodeError.MissingServiceData, false, -1, 0);
        return false;
    }

    private static bool Scan(ReadOnlySpan<byte> data, bool inScanResponse, ref DecodeState state, out AdvertisementDecodeFailure failure)
    {
        int offset = 0;
        while (offset < data.Length)
        {
            int length = data[offset];
            if (length == 0)
            {
                break;
            }

            if (length > data.Length - offset - 1)
            {
                failure = new AdvertisementDecodeFailure(AdvertisementDecodeError.TruncatedStructure, inScanResponse, offset, length);
                return false;
            }

            if (data[offset + 1] == ServiceData16AdType)
            {
                ReadOnlySpan<byte> body = data.Slice(offset + 2, length - 1);
                if (body.Length < sizeof(ushort))
                {
                    failure = new AdvertisementDecodeFailure(AdvertisementDecodeError.MalformedServiceData, inScanResponse, offset, body.Length);
                    return false;
                }

                ushort uuid = BinaryPrimitives.ReadUInt16LittleEndian(body);
                ReadOnlySpan<byte> serviceData = body[sizeof(ushort)..];
                if (uuid == ServiceUuid16)
                {
                    if (serviceData.Length != ExposureNotificationPayload.Length)
                    {
                        failure = new AdvertisementDecodeFailure(AdvertisementDecodeError.InvalidPayloadLength, inScanResponse, offset, serviceData.Length);
                        return false;
                    }

                    var candidate = ExposureNotificationPayload.FromBytes(serviceData);
                    if (state.Found && candidate != state.Payload)
                    {
                        failure = new AdvertisementDecodeFailure(AdvertisementDecodeError.ConflictingPayloads, inScanResponse, offset, 0);
                        return false;
                    }

                    state.Found = true;
                    state.Payload = candidate;
                }
                else if (state.ForeignOffset < 0)
                {
                    state.ForeignOffset = offset;
                    state.ForeignInScanResponse = inScanResponse;
                    state.ForeignUuid = uuid;
                }
            }

            offset += 1 + length;
        }

        failure = default;
        return true;
    }

    private struct DecodeState
    {
        public bool Found;
        public ExposureNotificationPayload Payload;
        public int ForeignOffset;
        public bool ForeignInScanResponse;
        public int ForeignUuid;
    }
}
