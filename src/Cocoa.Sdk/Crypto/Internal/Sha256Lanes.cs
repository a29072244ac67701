// FIPS 180-4 §6.2: the SHA-256 compression function, written once over "lanes" so that the same code runs as
// scalar SHA-256 (one message) or multi-buffer SHA-256 (8 or 16 independent messages in one AVX2/AVX-512 register).

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Cocoa.Sdk.Crypto.Internal;

/// <summary>
/// A SHA-256 compression function over <c>LaneCount</c> independent messages, <typeparamref name="TVec"/> holding one
/// 32-bit word of each; what the zero-salt HKDF needs.
/// </summary>
/// <typeparam name="TVec">uint (1 lane), Vector256&lt;uint&gt; (8 lanes) or Vector512&lt;uint&gt; (16 lanes).</typeparam>
internal interface ISha256Compressor<TVec>
    where TVec : unmanaged
{
    /// <summary>Gets the number of independent messages processed at once.</summary>
    static abstract int LaneCount { get; }

    static abstract TVec Broadcast(uint value);

    /// <summary>Loads word <c>i</c> of lane <c>l</c> from <c>source[l]</c> (<see cref="LaneCount"/> consecutive words).</summary>
    static abstract TVec Load(ref uint source);

    static abstract void Store(TVec value, ref uint destination);

    static abstract TVec Xor(TVec a, TVec b);

    /// <summary>Compresses one block per lane (16 decoded words, overwritten) into the 8-word state.</summary>
    static abstract void Compress(Span<TVec> state, Span<TVec> block);

    /// <summary>Compresses a block shared by all lanes, given its 64 round inputs K[t] + W[t].</summary>
    static abstract void CompressPrescheduled(Span<TVec> state, ReadOnlySpan<uint> roundInputs);
}

/// <summary>Word-wise operations from which <see cref="Sha256Lanes{TVec, TOps}"/> builds the compression function in software.</summary>
/// <typeparam name="TVec">uint (1 lane), Vector256&lt;uint&gt; (8 lanes) or Vector512&lt;uint&gt; (16 lanes).</typeparam>
internal interface ISha256Lanes<TVec> : ISha256Compressor<TVec>
    where TVec : unmanaged
{
    static abstract TVec Add(TVec a, TVec b);

    /// <summary>Ch(e, f, g) = (e AND f) XOR (NOT e AND g).</summary>
    static abstract TVec Choose(TVec e, TVec f, TVec g);

    /// <summary>Maj(a, b, c) = (a AND b) XOR (a AND c) XOR (b AND c).</summary>
    static abstract TVec Majority(TVec a, TVec b, TVec c);

    /// <summary>Σ0(a) = ROTR2 XOR ROTR13 XOR ROTR22.</summary>
    static abstract TVec BigSigma0(TVec a);

    /// <summary>Σ1(e) = ROTR6 XOR ROTR11 XOR ROTR25.</summary>
    static abstract TVec BigSigma1(TVec e);

    /// <summary>σ0(w) = ROTR7 XOR ROTR18 XOR SHR3.</summary>
    static abstract TVec SmallSigma0(TVec w);

    /// <summary>σ1(w) = ROTR17 XOR ROTR19 XOR SHR10.</summary>
    static abstract TVec SmallSigma1(TVec w);
}

/// <summary>SHA-256 constants (FIPS 180-4 §4.2.2, §5.3.3).</summary>
internal static class Sha256Constants
{
    /// <summary>The initial hash value H(0).</summary>
    public static ReadOnlySpan<uint> InitialState =>
    [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ];

    /// <summary>The 64 round constants K.</summary>
    public static ReadOnlySpan<uint> RoundConstants =>
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];

    /// <summary>Computes K[t] + W[t] for the 64 rounds of one fixed 16-word block.</summary>
    /// <param name="block">16 message words.</param>
    /// <returns>64 round inputs for <c>Sha256Lanes.CompressPrescheduled</c>.</returns>
    public static uint[] PrescheduleConstantBlock(ReadOnlySpan<uint> block)
    {
        uint[] w = new uint[64];
        block[..16].CopyTo(w);
        unchecked
        {
            for (int t = 16; t < 64; t++)
            {
                w[t] = ScalarSha256Lanes.SmallSigma1(w[t - 2]) + w[t - 7] + ScalarSha256Lanes.SmallSigma0(w[t - 15]) + w[t - 16];
            }

            for (int t = 0; t < 64; t++)
            {
                w[t] += Sha256Constants.RoundConstants[t];
            }
        }

        return w;
    }
}

/// <summary>The SHA-256 compression function over <typeparamref name="TOps"/> lanes.</summary>
internal static class Sha256Lanes<TVec, TOps>
    where TVec : unmanaged
    where TOps : struct, ISha256Lanes<TVec>
{
    /// <summary>Compresses one 64-byte block per lane into <paramref name="state"/>.</summary>
    /// <param name="state">8 words of chaining state per lane, updated in place.</param>
    /// <param name="block">16 message words per lane (big-endian words already decoded); overwritten by the message schedule.</param>
    [SkipLocalsInit]
    public static void Compress(Span<TVec> state, Span<TVec> block)
    {
        if (state.Length < 8 || block.Length < 16)
        {
            throw new ArgumentException("SHA-256 needs 8 state words and 16 block words.");
        }

        unchecked
        {
            ref TVec s = ref MemoryMarshal.GetReference(state);
            ref TVec w = ref MemoryMarshal.GetReference(block);
            ref uint k = ref MemoryMarshal.GetReference(Sha256Constants.RoundConstants);

            TVec a = s, b = Unsafe.Add(ref s, 1), c = Unsafe.Add(ref s, 2), d = Unsafe.Add(ref s, 3);
            TVec e = Unsafe.Add(ref s, 4), f = Unsafe.Add(ref s, 5), g = Unsafe.Add(ref s, 6), h = Unsafe.Add(ref s, 7);

            for (int t = 0; t < 64; t += 8)
            {
                if (t >= 16)
                {
                    for (int i = 0; i < 8; i++)
                    {
                        int j = (t + i) & 15;
                        ref TVec wj = ref Unsafe.Add(ref w, j);
                        wj = TOps.Add(
                            TOps.Add(wj, TOps.SmallSigma1(Unsafe.Add(ref w, (j + 14) & 15))),
                            TOps.Add(Unsafe.Add(ref w, (j + 9) & 15), TOps.SmallSigma0(Unsafe.Add(ref w, (j + 1) & 15))));
                    }
                }

                ref TVec wt = ref Unsafe.Add(ref w, t & 15);
                ref uint kt = ref Unsafe.Add(ref k, t);

                TVec t1 = Temp1(h, e, f, g, TOps.Add(TOps.Broadcast(Unsafe.Add(ref kt, 0)), Unsafe.Add(ref wt, 0)));
                d = TOps.Add(d, t1);
                h = TOps.Add(t1, Temp2(a, b, c));

                t1 = Temp1(g, d, e, f, TOps.Add(TOps.Broadcast(Unsafe.Add(ref kt, 1)), Unsafe.Add(ref wt, 1)));
                c = TOps.Add(c, t1);
                g = TOps.Add(t1, Temp2(h, a, b));

                t1 = Temp1(f, c, d, e, TOps.Add(TOps.Broadcast(Unsafe.Add(ref kt, 2)), Unsafe.Add(ref wt, 2)));
                b = TOps.Add(b, t1);
                f = TOps.Add(t1, Temp2(g, h, a));

                t1 = Temp1(e, b, c, d, TOps.Add(TOps.Broadcast(Unsafe.Add(ref kt, 3)), Unsafe.Add(ref wt, 3)));
                a = TOps.Add(a, t1);
                e = TOps.Add(t1, Temp2(f, g, h));

                t1 = Temp1(d, a, b, c, TOps.Add(TOps.Broadcast(Unsafe.Add(ref kt, 4)), Unsafe.Add(ref wt, 4)));
                h = TOps.Add(h, t1);
                d = TOps.Add(t1, Temp2(e, f, g));

                t1 = Temp1(c, h, a, b, TOps.Add(TOps.Broadcast(Unsafe.Add(ref kt, 5)), Unsafe.Add(ref wt, 5)));
                g = TOps.Add(g, t1);
                c = TOps.Add(t1, Temp2(d, e, f));

                t1 = Temp1(b, g, h, a, TOps.Add(TOps.Broadcast(Unsafe.Add(ref kt, 6)), Unsafe.Add(ref wt, 6)));
                f = TOps.Add(f, t1);
                b = TOps.Add(t1, Temp2(c, d, e));

                t1 = Temp1(a, f, g, h, TOps.Add(TOps.Broadcast(Unsafe.Add(ref kt, 7)), Unsafe.Add(ref wt, 7)));
                e = TOps.Add(e, t1);
                a = TOps.Add(t1, Temp2(b, c, d));
            }

            s = TOps.Add(s, a);
            Unsafe.Add(ref s, 1) = TOps.Add(Unsafe.Add(ref s, 1), b);
            Unsafe.Add(ref s, 2) = TOps.Add(Unsafe.Add(ref s, 2), c);
            Unsafe.Add(ref s, 3) = TOps.Add(Unsafe.Add(ref s, 3), d);
            Unsafe.Add(ref s, 4) = TOps.Add(Unsafe.Add(ref s, 4), e);
            Unsafe.Add(ref s, 5) = TOps.Add(Unsafe.Add(ref s, 5), f);
            Unsafe.Add(ref s, 6) = TOps.Add(Unsafe.Add(ref s, 6), g);
            Unsafe.Add(ref s, 7) = TOps.Add(Unsafe.Add(ref s, 7), h);
        }
    }

    /// <summary>
    /// Compresses a block that is the same in every lane and whose 64 round inputs K[t] + W[t] were computed
    /// beforehand (<see cref="Sha256Constants.PrescheduleConstantBlock"/>): no message schedule at run time.
    /// </summary>
    /// <param name="state">8 words of chaining state per lane, updated in place.</param>
    /// <param name="roundInputs">64 words K[t] + W[t].</param>
    [SkipLocalsInit]
    public static void CompressPrescheduled(Span<TVec> state, ReadOnlySpan<uint> roundInputs)
    {
        if (state.Length < 8 || roundInputs.Length < 64)
        {
            throw new ArgumentException("SHA-256 needs 8 state words and 64 round inputs.");
        }

        unchecked
        {
            ref TVec s = ref MemoryMarshal.GetReference(state);
            TVec a = s, b = Unsafe.Add(ref s, 1), c = Unsafe.Add(ref s, 2), d = Unsafe.Add(ref s, 3);
            TVec e = Unsafe.Add(ref s, 4), f = Unsafe.Add(ref s, 5), g = Unsafe.Add(ref s, 6), h = Unsafe.Add(ref s, 7);
            for (int t = 0; t < 64; t += 8)
            {
                ref uint kw = ref Unsafe.Add(ref MemoryMarshal.GetReference(roundInputs), t);
            TVec t1 = Temp1(h, e, f, g, TOps.Broadcast(Unsafe.Add(ref kw, 0)));
            d = TOps.Add(d, t1);
            h = TOps.Add(t1, Temp2(a, b, c));

            t1 = Temp1(g, d, e, f, TOps.Broadcast(Unsafe.Add(ref kw, 1)));
            c = TOps.Add(c, t1);
            g = TOps.Add(t1, Temp2(h, a, b));

            t1 = Temp1(f, c, d, e, TOps.Broadcast(Unsafe.Add(ref kw, 2)));
            b = TOps.Add(b, t1);
            f = TOps.Add(t1, Temp2(g, h, a));

            t1 = Temp1(e, b, c, d, TOps.Broadcast(Unsafe.Add(ref kw, 3)));
            a = TOps.Add(a, t1);
            e = TOps.Add(t1, Temp2(f, g, h));

            t1 = Temp1(d, a, b, c, TOps.Broadcast(Unsafe.Add(ref kw, 4)));
            h = TOps.Add(h, t1);
            d = TOps.Add(t1, Temp2(e, f, g));

            t1 = Temp1(c, h, a, b, TOps.Broadcast(Unsafe.Add(ref kw, 5)));
            g = TOps.Add(g, t1);
            c = TOps.Add(t1, Temp2(d, e, f));

            t1 = Temp1(b, g, h, a, TOps.Broadcast(Unsafe.Add(ref kw, 6)));
            f = TOps.Add(f, t1);
            b = TOps.Add(t1, Temp2(c, d, e));

            t1 = Temp1(a, f, g, h, TOps.Broadcast(Unsafe.Add(ref kw, 7)));
            e = TOps.Add(e, t1);
            a = TOps.Add(t1, Temp2(b, c, d));
            }

            s = TOps.Add(s, a);
            Unsafe.Add(ref s, 1) = TOps.Add(Unsafe.Add(ref s, 1), b);
            Unsafe.Add(ref s, 2) = TOps.Add(Unsafe.Add(ref s, 2), c);
            Unsafe.Add(ref s, 3) = TOps.Add(Unsafe.Add(ref s, 3), d);
            Unsafe.Add(ref s, 4) = TOps.Add(Unsafe.Add(ref s, 4), e);
            Unsafe.Add(ref s, 5) = TOps.Add(Unsafe.Add(ref s, 5), f);
            Unsafe.Add(ref s, 6) = TOps.Add(Unsafe.Add(ref s, 6), g);
            Unsafe.Add(ref s, 7) = TOps.Add(Unsafe.Add(ref s, 7), h);
        }
    }

    /// <summary>T1 = h + Σ1(e) + Ch(e, f, g) + K[t] + W[t].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Temp1(TVec h, TVec e, TVec f, TVec g, TVec kw) =>
        TOps.Add(TOps.Add(h, TOps.BigSigma1(e)), TOps.Add(TOps.Choose(e, f, g), kw));

    /// <summary>T2 = Σ0(a) + Maj(a, b, c).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Temp2(TVec a, TVec b, TVec c) => TOps.Add(TOps.BigSigma0(a), TOps.Majority(a, b, c));
}
