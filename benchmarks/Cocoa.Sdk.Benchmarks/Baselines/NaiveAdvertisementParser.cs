using Cocoa.Sdk.Ble;

namespace Cocoa.Sdk.Benchmarks;

/// <summary>
/// The first thing one would write: split the advertising data into (type, byte[]) records, then search them with LINQ.
/// Same acceptance rules as the library for well-formed input; allocates per structure.
/// </summary>
internal static class NaiveAdvertisementParser
{
    public static bool TryDecode(byte[] data, out ExposureNotificationPayload payload)
    {
        var structures = new List<(byte Type, byte[] Data)>();
        int offset = 0;
        while (offset < data.Length && data[offset] != 0)
        {
            int length = data[offset];
            if (offset + 1 + length > data.Length)
            {
                payload = default;
                return false;
            }

            structures.Add((data[offset + 1], data.Skip(offset + 2).Take(length - 1).ToArray()));
            offset += 1 + length;
        }

        byte[][] ours = structures
            .Where(s => s.Type == 0x16 && s.Data.Length >= 2 && BitConverter.ToUInt16(s.Data, 0) == 0xFD6F)
            .Select(s => s.Data[2..])
            .ToArray();
        if (ours.Length == 0 || ours.Any(d => d.Length != 20) || ours.Any(d => !d.SequenceEqual(ours[0])))
        {
            payload = default;
            return false;
        }

        payload = ExposureNotificationPayload.FromBytes(ours[0]);
        return true;
    }
}
