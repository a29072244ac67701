using System.Buffers.Binary;

namespace Cocoa.Sdk.Tests.Export;

/// <summary>
/// Random structure-aware mutations of valid files: bit flips, boundary bytes, huge varint lengths (the issue 13 attack),
/// deleted, duplicated and truncated ranges. One seed always gives the same mutant, so a failure is reproducible.
/// </summary>
internal static class ExportMutator
{
    private static readonly byte[][] HugeVarints =
    [
        [0xFF, 0xFF, 0xFF, 0xFF, 0x07], // int.MaxValue
        [0xFF, 0xFF, 0xFF, 0xFF, 0x0F], // uint.MaxValue
        [0x80, 0x80, 0x80, 0x80, 0x08], // int.MaxValue + 1
        [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], // ulong.MaxValue
        [0xFE, 0xFF, 0xFF, 0xFF, 0x07], // int.MaxValue - 1
    ];

    private static readonly byte[] BoundaryBytes = [0x00, 0x01, 0x07, 0x08, 0x7F, 0x80, 0xFF];

    public static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        int mutations = random.Next(1, 9);
        for (int m = 0; m < mutations; m++)
        {
            int at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(8))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when bytes.Count > 0:
                    bytes[at] = BoundaryBytes[random.Next(BoundaryBytes.Length)];
                    break;
                case 2:
                {
                    // An unknown or known length-delimited field with a huge length.
                    byte tag = (byte)((random.Next(1, 16) << 3) | 2);
                    bytes.InsertRange(at, [tag, .. HugeVarints[random.Next(HugeVarints.Length)]]);
                    break;
                }

                case 3:
                    bytes.InsertRange(at, HugeVarints[random.Next(HugeVarints.Length)]);
                    break;
                case 4 when bytes.Count > 0:
                    bytes.RemoveRange(at, random.Next(1, Math.Min(32, bytes.Count - at) + 1));
                    break;
                case 5 when bytes.Count > 0:
                {
                    int length = random.Next(1, Math.Min(64, bytes.Count - at) + 1);
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                }

                case 6 when bytes.Count >= 4:
                {
                    // Zip sizes, counts and offsets are 16/32-bit little-endian fields.
                    int word = Math.Min(at, bytes.Count - 4);
                    byte[] value = new byte[4];
                    BinaryPrimitives.WriteUInt32LittleEndian(value, random.Next(3) switch { 0 => uint.MaxValue, 1 => 0xFFFF, _ => (uint)random.Next() });
                    for (int i = 0; i < 4; i++)
                    {
                        bytes[word + i] = value[i];
                    }

                    break;
                }

                case 7 when bytes.Count > 0:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    break;
            }
        }

        return [.. bytes];
    }
}
