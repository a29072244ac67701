// SHA-256 with the ARMv8 cryptographic extension (SHA256H, SHA256H2, SHA256SU0, SHA256SU1): four rounds per
// instruction pair, the state held as ABCD and EFGH vectors.

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ArmSha256 = System.Runtime.Intrinsics.Arm.Sha256;

namespace Cocoa.Sdk.Crypto.Internal;

/// <summary>One message at a time on the ARMv8 SHA-256 instructions (phones: every ARMv8 with the crypto extension).</summary>
internal readonly struct ArmSha256Compressor : ISha256Compressor<uint>
{
    public static int LaneCount => 1;

    public static bool IsSupported => ArmSha256.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Broadcast(uint value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Load(ref uint source) => source;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(uint value, ref uint destination) => destination = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Xor(uint a, uint b) => a ^ b;

    public static void Compress(Span<uint> state, Span<uint> block)
    {
        if (state.Length < 8 || block.Length < 16)
        {
            throw new ArgumentException("SHA-256 needs 8 state words and 16 block words.");
        }

        ref uint k = ref MemoryMarshal.GetReference(Sha256Constants.RoundConstants);
        ref uint s = ref MemoryMarshal.GetReference(state);
        ref uint w = ref MemoryMarshal.GetReference(block);
        Vector128<uint> abcd = Vector128.LoadUnsafe(ref s);
        Vector128<uint> efgh = Vector128.LoadUnsafe(ref s, 4);
        Vector128<uint> abcd0 = abcd, efgh0 = efgh;
        Vector128<uint> m0 = Vector128.LoadUnsafe(ref w);
        Vector128<uint> m1 = Vector128.LoadUnsafe(ref w, 4);
        Vector128<uint> m2 = Vector128.LoadUnsafe(ref w, 8);
        Vector128<uint> m3 = Vector128.LoadUnsafe(ref w, 12);
        for (nuint t = 0; t < 64; t += 16)
        {
            FourRounds(ref abcd, ref efgh, m0 + Vector128.LoadUnsafe(ref k, t));
            FourRounds(ref abcd, ref efgh, m1 + Vector128.LoadUnsafe(ref k, t + 4));
            FourRounds(ref abcd, ref efgh, m2 + Vector128.LoadUnsafe(ref k, t + 8));
            FourRounds(ref abcd, ref efgh, m3 + Vector128.LoadUnsafe(ref k, t + 12));
            if (t < 48)
            {
                m0 = ArmSha256.ScheduleUpdate1(ArmSha256.ScheduleUpdate0(m0, m1), m2, m3);
                m1 = ArmSha256.ScheduleUpdate1(ArmSha256.ScheduleUpdate0(m1, m2), m3, m0);
                m2 = ArmSha256.ScheduleUpdate1(ArmSha256.ScheduleUpdate0(m2, m3), m0, m1);
                m3 = ArmSha256.ScheduleUpdate1(ArmSha256.ScheduleUpdate0(m3, m0), m1, m2);
            }
        }

        (abcd + abcd0).StoreUnsafe(ref s);
        (efgh + efgh0).StoreUnsafe(ref s, 4);
    }

    public static void CompressPrescheduled(Span<uint> state, ReadOnlySpan<uint> roundInputs)
    {
        if (state.Length < 8 || roundInputs.Length < 64)
        {
            throw new ArgumentException("SHA-256 needs 8 state words and 64 round inputs.");
        }

        ref uint s = ref MemoryMarshal.GetReference(state);
        ref uint kw = ref MemoryMarshal.GetReference(roundInputs);
        Vector128<uint> abcd = Vector128.LoadUnsafe(ref s);
        Vector128<uint> efgh = Vector128.LoadUnsafe(ref s, 4);
        Vector128<uint> abcd0 = abcd, efgh0 = efgh;
        for (nuint t = 0; t < 64; t += 4)
        {
            FourRounds(ref abcd, ref efgh, Vector128.LoadUnsafe(ref kw, t));
        }

        (abcd + abcd0).StoreUnsafe(ref s);
        (efgh + efgh0).StoreUnsafe(ref s, 4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FourRounds(ref Vector128<uint> abcd, ref Vector128<uint> efgh, Vector128<uint> wk)
    {
        Vector128<uint> previousAbcd = abcd;
        abcd = ArmSha256.HashUpdate1(abcd, efgh, wk);
        efgh = ArmSha256.HashUpdate2(efgh, previousAbcd, wk);
    }
}
