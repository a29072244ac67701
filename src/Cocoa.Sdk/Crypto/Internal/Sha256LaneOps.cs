using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Cocoa.Sdk.Crypto.Internal;

/// <summary>One message: plain 32-bit arithmetic (portable managed SHA-256).</summary>
internal readonly struct ScalarSha256Lanes : ISha256Lanes<uint>
{
    public static void Compress(Span<uint> state, Span<uint> block) => Sha256Lanes<uint, ScalarSha256Lanes>.Compress(state, block);

    public static void CompressPrescheduled(Span<uint> state, ReadOnlySpan<uint> roundInputs) =>
        Sha256Lanes<uint, ScalarSha256Lanes>.CompressPrescheduled(state, roundInputs);

    public static int LaneCount => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Broadcast(uint value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Load(ref uint source) => source;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(uint value, ref uint destination) => destination = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Add(uint a, uint b) => unchecked(a + b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Xor(uint a, uint b) => a ^ b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Choose(uint e, uint f, uint g) => g ^ (e & (f ^ g));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Majority(uint a, uint b, uint c) => (a & b) | (c & (a | b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint BigSigma0(uint a) => BitOperations.RotateRight(a, 2) ^ BitOperations.RotateRight(a, 13) ^ BitOperations.RotateRight(a, 22);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint BigSigma1(uint e) => BitOperations.RotateRight(e, 6) ^ BitOperations.RotateRight(e, 11) ^ BitOperations.RotateRight(e, 25);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint SmallSigma0(uint w) => BitOperations.RotateRight(w, 7) ^ BitOperations.RotateRight(w, 18) ^ (w >> 3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint SmallSigma1(uint w) => BitOperations.RotateRight(w, 17) ^ BitOperations.RotateRight(w, 19) ^ (w >> 10);
}

/// <summary>
/// Eight messages in a <see cref="Vector256{T}"/> (AVX2). With AVX-512VL the rotates become VPRORD and the
/// three-input boolean functions VPTERNLOGD; without it they are composed from shifts, AND, OR and XOR.
/// </summary>
internal readonly struct Avx2Sha256Lanes : ISha256Lanes<Vector256<uint>>
{
    public static void Compress(Span<Vector256<uint>> state, Span<Vector256<uint>> block) => Sha256Lanes<Vector256<uint>, Avx2Sha256Lanes>.Compress(state, block);

    public static void CompressPrescheduled(Span<Vector256<uint>> state, ReadOnlySpan<uint> roundInputs) =>
        Sha256Lanes<Vector256<uint>, Avx2Sha256Lanes>.CompressPrescheduled(state, roundInputs);

    public static int LaneCount => 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Broadcast(uint value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Load(ref uint source) => Vector256.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<uint> value, ref uint destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Add(Vector256<uint> a, Vector256<uint> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Xor(Vector256<uint> a, Vector256<uint> b) => a ^ b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Choose(Vector256<uint> e, Vector256<uint> f, Vector256<uint> g) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.TernaryLogic(e, f, g, 0xCA) : g ^ (e & (f ^ g));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> Majority(Vector256<uint> a, Vector256<uint> b, Vector256<uint> c) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.TernaryLogic(a, b, c, 0xE8) : (a & b) | (c & (a | b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> BigSigma0(Vector256<uint> a) =>
        Avx512F.VL.IsSupported
            ? Avx512F.VL.TernaryLogic(Avx512F.VL.RotateRight(a, 2), Avx512F.VL.RotateRight(a, 13), Avx512F.VL.RotateRight(a, 22), 0x96)
            : Ror(a, 2) ^ Ror(a, 13) ^ Ror(a, 22);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> BigSigma1(Vector256<uint> e) =>
        Avx512F.VL.IsSupported
            ? Avx512F.VL.TernaryLogic(Avx512F.VL.RotateRight(e, 6), Avx512F.VL.RotateRight(e, 11), Avx512F.VL.RotateRight(e, 25), 0x96)
            : Ror(e, 6) ^ Ror(e, 11) ^ Ror(e, 25);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> SmallSigma0(Vector256<uint> w) =>
        Avx512F.VL.IsSupported
            ? Avx512F.VL.TernaryLogic(Avx512F.VL.RotateRight(w, 7), Avx512F.VL.RotateRight(w, 18), Vector256.ShiftRightLogical(w, 3), 0x96)
            : Ror(w, 7) ^ Ror(w, 18) ^ Vector256.ShiftRightLogical(w, 3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<uint> SmallSigma1(Vector256<uint> w) =>
        Avx512F.VL.IsSupported
            ? Avx512F.VL.TernaryLogic(Avx512F.VL.RotateRight(w, 17), Avx512F.VL.RotateRight(w, 19), Vector256.ShiftRightLogical(w, 10), 0x96)
            : Ror(w, 17) ^ Ror(w, 19) ^ Vector256.ShiftRightLogical(w, 10);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Ror(Vector256<uint> x, [ConstantExpected] int n) =>
        Vector256.ShiftRightLogical(x, n) | Vector256.ShiftLeft(x, 32 - n);
}

/// <summary>Sixteen messages in a <see cref="Vector512{T}"/> (AVX-512F: VPRORD rotates, VPTERNLOGD boolean functions).</summary>
internal readonly struct Avx512Sha256Lanes : ISha256Lanes<Vector512<uint>>
{
    public static void Compress(Span<Vector512<uint>> state, Span<Vector512<uint>> block) => Sha256Lanes<Vector512<uint>, Avx512Sha256Lanes>.Compress(state, block);

    public static void CompressPrescheduled(Span<Vector512<uint>> state, ReadOnlySpan<uint> roundInputs) =>
        Sha256Lanes<Vector512<uint>, Avx512Sha256Lanes>.CompressPrescheduled(state, roundInputs);

    public static int LaneCount => 16;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Broadcast(uint value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Load(ref uint source) => Vector512.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<uint> value, ref uint destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Add(Vector512<uint> a, Vector512<uint> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Xor(Vector512<uint> a, Vector512<uint> b) => a ^ b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Choose(Vector512<uint> e, Vector512<uint> f, Vector512<uint> g) => Avx512F.TernaryLogic(e, f, g, 0xCA);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> Majority(Vector512<uint> a, Vector512<uint> b, Vector512<uint> c) => Avx512F.TernaryLogic(a, b, c, 0xE8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> BigSigma0(Vector512<uint> a) =>
        Avx512F.TernaryLogic(Avx512F.RotateRight(a, 2), Avx512F.RotateRight(a, 13), Avx512F.RotateRight(a, 22), 0x96);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> BigSigma1(Vector512<uint> e) =>
        Avx512F.TernaryLogic(Avx512F.RotateRight(e, 6), Avx512F.RotateRight(e, 11), Avx512F.RotateRight(e, 25), 0x96);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> SmallSigma0(Vector512<uint> w) =>
        Avx512F.TernaryLogic(Avx512F.RotateRight(w, 7), Avx512F.RotateRight(w, 18), Vector512.ShiftRightLogical(w, 3), 0x96);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<uint> SmallSigma1(Vector512<uint> w) =>
        Avx512F.TernaryLogic(Avx512F.RotateRight(w, 17), Avx512F.RotateRight(w, 19), Vector512.ShiftRightLogical(w, 10), 0x96);
}
