namespace Cocoa.Sdk.Internal;

internal static class Hex
{
    public static string ToLower(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>Decodes exactly <paramref name="destination"/>.Length bytes of hex; false on wrong length or a non-hex character.</summary>
    public static bool TryDecode(ReadOnlySpan<char> hex, Span<byte> destination)
    {
        if (hex.Length != destination.Length * 2)
        {
            return false;
        }

        return Convert.FromHexString(hex, destination, out int consumed, out int written) == System.Buffers.OperationStatus.Done
            && consumed == hex.Length && written == destination.Length;
    }
}
