// Four independent SHA-256 messages on the ARMv8 SHA-256 instructions, interleaved: SHA256H/SHA256H2 form a serial
// chain within one message, so running four chains side by side keeps the crypto pipes busy while each waits.

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using ArmSha256 = System.Runtime.Intrinsics.Arm.Sha256;

namespace Cocoa.Sdk.Crypto.Internal;

/// <summary>
/// Four lanes in a <see cref="Vector128{T}"/> of uint (word <c>j</c> of lanes 0..3), as the batch HKDF lays them out;
/// each compression transposes to per-message ABCD/EFGH/W vectors, runs the four messages' rounds interleaved and
/// transposes back.
/// </summary>
internal readonly struct ArmSha256x4Compressor : ISha256Compressor<Vector128<uint>>
{
    public static int LaneCount => 4;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Broadcast(uint value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Load(ref uint source) => Vector128.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<uint> value, ref uint destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<uint> Xor(Vector128<uint> a, Vector128<uint> b) => a ^ b;

    [SkipLocalsInit]
    public static void Compress(Span<Vector128<uint>> state, Span<Vector128<uint>> block)
    {
        if (state.Length < 8 || block.Length < 16)
        {
            throw new ArgumentException("SHA-256 needs 8 state words and 16 block words.");
        }

        // Per message: abcd[l], efgh[l]; message words w[4 * l + m] = words 4m..4m+3 of message l.
        Span<Vector128<uint>> abcd = stackalloc Vector128<uint>[4];
        Span<Vector128<uint>> efgh = stackalloc Vector128<uint>[4];
        Span<Vector128<uint>> w = stackalloc Vector128<uint>[16];
        Transpose(state[..4], abcd);
        Transpose(state.Slice(4, 4), efgh);
        Span<Vector128<uint>> column = stackalloc Vector128<uint>[4];
        for (int m = 0; m < 4; m++)
        {
            Transpose(block.Slice(4 * m, 4), column);
            w[m] = column[0];
            w[4 + m] = column[1];
            w[8 + m] = column[2];
            w[12 + m] = column[3];
        }

        Vector128<uint> abcd0 = abcd[0], abcd1 = abcd[1], abcd2 = abcd[2], abcd3 = abcd[3];
        Vector128<uint> efgh0 = efgh[0], efgh1 = efgh[1], efgh2 = efgh[2], efgh3 = efgh[3];
        ref uint k = ref MemoryMarshal.GetReference(Sha256Constants.RoundConstants);
        for (int g = 0; g < 16; g++)
        {
            int m = g & 3;
            Vector128<uint> kg = Vector128.LoadUnsafe(ref k, (nuint)(4 * g));
            FourRounds(ref abcd0, ref efgh0, w[m] + kg);
            FourRounds(ref abcd1, ref efgh1, w[4 + m] + kg);
            FourRounds(ref abcd2, ref efgh2, w[8 + m] + kg);
            FourRounds(ref abcd3, ref efgh3, w[12 + m] + kg);
            if (g < 12)
            {
                for (int l = 0; l < 16; l += 4)
                {
                    w[l + m] = ArmSha256.ScheduleUpdate1(
                        ArmSha256.ScheduleUpdate0(w[l + m], w[l + ((m + 1) & 3)]), w[l + ((m + 2) & 3)], w[l + ((m + 3) & 3)]);
                }
            }
        }

        abcd[0] += abcd0;
        abcd[1] += abcd1;
        abcd[2] += abcd2;
        abcd[3] += abcd3;
        efgh[0] += efgh0;
        efgh[1] += efgh1;
        efgh[2] += efgh2;
        efgh[3] += efgh3;
        Transpose(abcd, state[..4]);
        Transpose(efgh, state.Slice(4, 4));
    }

    [SkipLocalsInit]
    public static void CompressPrescheduled(Span<Vector128<uint>> state, ReadOnlySpan<uint> roundInputs)
    {
        if (state.Length < 8 || roundInputs.Length < 64)
        {
            throw new ArgumentException("SHA-256 needs 8 state words and 64 round inputs.");
        }

        Span<Vector128<uint>> abcd = stackalloc Vector128<uint>[4];
        Span<Vector128<uint>> efgh = stackalloc Vector128<uint>[4];
        Transpose(state[..4], abcd);
        Transpose(state.Slice(4, 4), efgh);
        Vector128<uint> abcd0 = abcd[0], abcd1 = abcd[1], abcd2 = abcd[2], abcd3 = abcd[3];
        Vector128<uint> efgh0 = efgh[0], efgh1 = efgh[1], efgh2 = efgh[2], efgh3 = efgh[3];
        ref uint kw = ref MemoryMarshal.GetReference(roundInputs);
        for (nuint t = 0; t < 64; t += 4)
        {
            Vector128<uint> wk = Vector128.LoadUnsafe(ref kw, t);
            FourRounds(ref abcd0, ref efgh0, wk);
            FourRounds(ref abcd1, ref efgh1, wk);
            FourRounds(ref abcd2, ref efgh2, wk);
            FourRounds(ref abcd3, ref efgh3, wk);
        }

        abcd[0] += abcd0;
        abcd[1] += abcd1;
        abcd[2] += abcd2;
        abcd[3] += abcd3;
        efgh[0] += efgh0;
        efgh[1] += efgh1;
        efgh[2] += efgh2;
        efgh[3] += efgh3;
        Transpose(abcd, state[..4]);
        Transpose(efgh, state.Slice(4, 4));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FourRounds(ref Vector128<uint> abcd, ref Vector128<uint> efgh, Vector128<uint> wk)
    {
        Vector128<uint> previousAbcd = abcd;
        abcd = ArmSha256.HashUpdate1(abcd, efgh, wk);
        efgh = ArmSha256.HashUpdate2(efgh, previousAbcd, wk);
    }

    /// <summary>Transposes a 4×4 matrix of uint (rows in, columns out); the transpose is its own inverse.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(ReadOnlySpan<Vector128<uint>> rows, Span<Vector128<uint>> columns)
    {
        Vector128<uint> t0 = AdvSimd.Arm64.ZipLow(rows[0], rows[1]);
        Vector128<uint> t1 = AdvSimd.Arm64.ZipHigh(rows[0], rows[1]);
        Vector128<uint> t2 = AdvSimd.Arm64.ZipLow(rows[2], rows[3]);
        Vector128<uint> t3 = AdvSimd.Arm64.ZipHigh(rows[2], rows[3]);
        columns[0] = AdvSimd.Arm64.ZipLow(t0.AsUInt64(), t2.AsUInt64()).AsUInt32();
        columns[1] = AdvSimd.Arm64.ZipHigh(t0.AsUInt64(), t2.AsUInt64()).AsUInt32();
        columns[2] = AdvSimd.Arm64.ZipLow(t1.AsUInt64(), t3.AsUInt64()).AsUInt32();
        columns[3] = AdvSimd.Arm64.ZipHigh(t1.AsUInt64(), t3.AsUInt64()).AsUInt32();
    }
}
