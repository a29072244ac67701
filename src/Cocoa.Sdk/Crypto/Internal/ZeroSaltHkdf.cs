// RFC 5869 HKDF-SHA256 as the EN key schedule uses it: salt = 32 zero bytes (none given), 16-byte output, 7-byte info.
//   PRK = HMAC(salt, TEK)            = H((0^32 ^ opad) || H((0^32 ^ ipad) || TEK))
//   OKM = HMAC(PRK, info || 0x01)[..16]
// The salt is fixed, so the SHA-256 states after its two pad blocks are constants: PRK costs 2 compressions.
// Each expand costs 2 more, plus 2 once per PRK for its own pad blocks (shared by RPIK and AEMK).
// All messages fit one block, so the FIPS 180-4 padding is written here as constant words.

using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Cocoa.Sdk.Crypto.Internal;

/// <summary>Which EN keys to derive from a TEK.</summary>
[Flags]
internal enum DerivedKeys
{
    RollingProximityIdentifierKey = 1,
    AssociatedEncryptedMetadataKey = 2,
    Both = RollingProximityIdentifierKey | AssociatedEncryptedMetadataKey,
}

/// <summary>Constants of the zero-salt HKDF: the precomputed pad states and the info blocks.</summary>
internal static class ZeroSaltHkdf
{
    /// <summary>"EN-R", "PIK" 0x01: the expand message of the RPIK (info || counter) as big-endian words.</summary>
    public const uint RpikInfoWord0 = 0x454E2D52, RpikInfoWord1 = 0x50494B01;

    /// <summary>"EN-A", "EMK" 0x01: the expand message of the AEMK.</summary>
    public const uint AemkInfoWord0 = 0x454E2D41, AemkInfoWord1 = 0x454D4B01;

    public const uint PadEnd = 0x80000000;

    /// <summary>Bit lengths of the inner message over a pad block: 64 + 16 (TEK), 64 + 8 (info || 1); outer: 64 + 32.</summary>
    public const uint TekMessageBits = (64 + 16) * 8, InfoMessageBits = (64 + 8) * 8, DigestMessageBits = (64 + 32) * 8;

    public const uint InnerPadWord = 0x36363636, OuterPadWord = 0x5C5C5C5C;

    private static readonly uint[] s_innerPadState = PadState(InnerPadWord);
    private static readonly uint[] s_outerPadState = PadState(OuterPadWord);
    private static readonly uint[] s_rpikExpandRoundInputs = ExpandRoundInputs(RpikInfoWord0, RpikInfoWord1);
    private static readonly uint[] s_aemkExpandRoundInputs = ExpandRoundInputs(AemkInfoWord0, AemkInfoWord1);

    /// <summary>Gets the SHA-256 state after the block (32 zero bytes XOR ipad, zero-extended to 64 bytes).</summary>
    public static ReadOnlySpan<uint> SaltInnerPadState => s_innerPadState;

    /// <summary>Gets the SHA-256 state after the block (32 zero bytes XOR opad, zero-extended to 64 bytes).</summary>
    public static ReadOnlySpan<uint> SaltOuterPadState => s_outerPadState;

    /// <summary>Gets K[t] + W[t] of the RPIK expand block (info || 0x01 || padding), the same for every key.</summary>
    public static ReadOnlySpan<uint> RpikExpandRoundInputs => s_rpikExpandRoundInputs;

    /// <summary>Gets K[t] + W[t] of the AEMK expand block.</summary>
    public static ReadOnlySpan<uint> AemkExpandRoundInputs => s_aemkExpandRoundInputs;

    private static uint[] ExpandRoundInputs(uint info0, uint info1)
    {
        Span<uint> block = stackalloc uint[16];
        block.Clear();
        block[0] = info0;
        block[1] = info1;
        block[2] = PadEnd;
        block[15] = InfoMessageBits;
        return Sha256Constants.PrescheduleConstantBlock(block);
    }

    private static uint[] PadState(uint padWord)
    {
        Span<uint> block = stackalloc uint[16];
        block.Fill(padWord);
        uint[] state = Sha256Constants.InitialState.ToArray();
        Sha256Lanes<uint, ScalarSha256Lanes>.Compress(state, block);
        return state;
    }
}

/// <summary>Zero-salt HKDF of <c>LaneCount</c> TEKs at once over <typeparamref name="TOps"/>.</summary>
internal static class ZeroSaltHkdf<TVec, TOps>
    where TVec : unmanaged
    where TOps : struct, ISha256Compressor<TVec>
{
    /// <summary>Bytes of TEK input (and of each key output) per call.</summary>
    public static int GroupBytes => TOps.LaneCount * 16;

    /// <summary>Derives RPIKs and/or AEMKs for exactly <c>LaneCount</c> TEKs.</summary>
    /// <param name="teks">LaneCount × 16 bytes.</param>
    /// <param name="rpiks">LaneCount × 16 bytes, or empty to skip the RPIK.</param>
    /// <param name="aemks">LaneCount × 16 bytes, or empty to skip the AEMK.</param>
    [SkipLocalsInit]
    public static void Derive(ReadOnlySpan<byte> teks, Span<byte> rpiks, Span<byte> aemks)
    {
        int lanes = TOps.LaneCount;
        Span<uint> words = stackalloc uint[16 * 16];
        words = words[..(8 * lanes)];
        Span<TVec> state = stackalloc TVec[8];
        Span<TVec> block = stackalloc TVec[16];
        Span<TVec> innerPad = stackalloc TVec[8];
        Span<TVec> outerPad = stackalloc TVec[8];
        try
        {
            // PRK, inner: H(ipad-state, TEK || padding)
            for (int lane = 0; lane < lanes; lane++)
            {
                ReadOnlySpan<byte> tek = teks.Slice(lane * 16, 16);
                for (int j = 0; j < 4; j++)
                {
                    words[(j * lanes) + lane] = BinaryPrimitives.ReadUInt32BigEndian(tek[(j * 4)..]);
                }
            }

            for (int j = 0; j < 4; j++)
            {
                block[j] = TOps.Load(ref words[j * lanes]);
            }

            FillPadding(block, 4, ZeroSaltHkdf.TekMessageBits);
            Broadcast(ZeroSaltHkdf.SaltInnerPadState, state);
            TOps.Compress(state, block);

            // PRK, outer: H(opad-state, inner digest || padding)
            state.CopyTo(block);
            FillPadding(block, 8, ZeroSaltHkdf.DigestMessageBits);
            Broadcast(ZeroSaltHkdf.SaltOuterPadState, state);
            TOps.Compress(state, block);

            // HMAC(PRK, ·) pad states: H(IV, PRK XOR pad || pad...)
            TVec ipad = TOps.Broadcast(ZeroSaltHkdf.InnerPadWord);
            TVec opad = TOps.Broadcast(ZeroSaltHkdf.OuterPadWord);
            for (int j = 0; j < 8; j++)
            {
                block[j] = TOps.Xor(state[j], ipad);
                block[j + 8] = ipad;
            }

            Broadcast(Sha256Constants.InitialState, innerPad);
            TOps.Compress(innerPad, block);
            for (int j = 0; j < 8; j++)
            {
                block[j] = TOps.Xor(state[j], opad);
                block[j + 8] = opad;
            }

            Broadcast(Sha256Constants.InitialState, outerPad);
            TOps.Compress(outerPad, block);

            if (!rpiks.IsEmpty)
            {
                Expand(innerPad, outerPad, ZeroSaltHkdf.RpikExpandRoundInputs, state, block, words, rpiks);
            }

            if (!aemks.IsEmpty)
            {
                Expand(innerPad, outerPad, ZeroSaltHkdf.AemkExpandRoundInputs, state, block, words, aemks);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(words));
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(state));
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(block));
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(innerPad));
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(outerPad));
        }
    }

    private static void Expand(
        ReadOnlySpan<TVec> innerPad, ReadOnlySpan<TVec> outerPad, ReadOnlySpan<uint> expandRoundInputs,
        Span<TVec> state, Span<TVec> block, Span<uint> words, Span<byte> destination)
    {
        int lanes = TOps.LaneCount;
        innerPad.CopyTo(state);
        TOps.CompressPrescheduled(state, expandRoundInputs);

        state.CopyTo(block);
        FillPadding(block, 8, ZeroSaltHkdf.DigestMessageBits);
        outerPad.CopyTo(state);
        TOps.Compress(state, block);

        for (int j = 0; j < 4; j++)
        {
            TOps.Store(state[j], ref words[j * lanes]);
        }

        for (int lane = 0; lane < lanes; lane++)
        {
            Span<byte> output = destination.Slice(lane * 16, 16);
            for (int j = 0; j < 4; j++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(output[(j * 4)..], words[(j * lanes) + lane]);
            }
        }
    }

    /// <summary>Writes the one-block padding: 0x80 after <paramref name="messageWords"/> words, zeros, 64-bit bit length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FillPadding(Span<TVec> block, int messageWords, uint messageBits)
    {
        block[messageWords] = TOps.Broadcast(ZeroSaltHkdf.PadEnd);
        block[(messageWords + 1)..15].Clear();
        block[15] = TOps.Broadcast(messageBits);
    }

    private static void Broadcast(ReadOnlySpan<uint> source, Span<TVec> destination)
    {
        for (int i = 0; i < 8; i++)
        {
            destination[i] = TOps.Broadcast(source[i]);
        }
    }
}
