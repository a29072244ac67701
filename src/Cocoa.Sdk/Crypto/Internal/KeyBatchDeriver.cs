using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace Cocoa.Sdk.Crypto.Internal;

/// <summary>
/// Zero-salt HKDF of many TEKs at once (for matching diagnosis keys): multi-buffer SHA-256 hashes 16 keys per
/// AVX-512 register or 8 per AVX2 register; other backends (ARMv8 SHA-256 instructions, managed scalar, portable)
/// derive one key at a time.
/// </summary>
/// <remarks>
/// <para>Key i of every buffer is at offset 16·i. Any count works; a partial last group is padded internally.
/// Outputs are secrets: the caller wipes them (<see cref="CryptographicOperations.ZeroMemory"/>) when done.</para>
/// </remarks>
internal static class KeyBatchDeriver
{
    /// <summary>Gets the number of keys the backend in effect hashes at once (1, 8 or 16); batches of a multiple of it waste no lanes.</summary>
    public static int LaneCount => CryptoBackend.LaneCount(CryptoBackend.Current);

    /// <summary>Derives the RPIK of each TEK.</summary>
    /// <param name="teks">n × 16 TEK bytes.</param>
    /// <param name="rpiks">n × 16 bytes for the RPIKs.</param>
    /// <exception cref="ArgumentException">A length is not n × 16 or the lengths differ.</exception>
    public static void DeriveRpiks(ReadOnlySpan<byte> teks, Span<byte> rpiks) => DeriveKeys(teks, rpiks, default);

    /// <summary>Derives the AEMK of each TEK.</summary>
    /// <param name="teks">n × 16 TEK bytes.</param>
    /// <param name="aemks">n × 16 bytes for the AEMKs.</param>
    /// <exception cref="ArgumentException">A length is not n × 16 or the lengths differ.</exception>
    public static void DeriveAemks(ReadOnlySpan<byte> teks, Span<byte> aemks) => DeriveKeys(teks, default, aemks);

    /// <summary>Derives the RPIK and AEMK of each TEK (sharing one PRK per key); an empty output is skipped.</summary>
    /// <param name="teks">n × 16 TEK bytes.</param>
    /// <param name="rpiks">n × 16 bytes, or empty.</param>
    /// <param name="aemks">n × 16 bytes, or empty.</param>
    /// <exception cref="ArgumentException">A length is not n × 16 or a non-empty output differs in length from <paramref name="teks"/>.</exception>
    public static void DeriveKeys(ReadOnlySpan<byte> teks, Span<byte> rpiks, Span<byte> aemks)
    {
        if (teks.Length % 16 != 0)
        {
            throw new ArgumentException("The TEKs must be a multiple of 16 bytes.", nameof(teks));
        }

        if (!rpiks.IsEmpty && rpiks.Length != teks.Length)
        {
            throw new ArgumentException("The RPIK buffer must be as long as the TEK buffer.", nameof(rpiks));
        }

        if (!aemks.IsEmpty && aemks.Length != teks.Length)
        {
            throw new ArgumentException("The AEMK buffer must be as long as the TEK buffer.", nameof(aemks));
        }

        if (teks.IsEmpty || (rpiks.IsEmpty && aemks.IsEmpty))
        {
            return;
        }

        switch (CryptoBackend.Current)
        {
            case CryptoBackendKind.Portable:
                for (int i = 0; i < teks.Length; i += 16)
                {
                    KeyDerivationEngine.DeriveKeys(teks.Slice(i, 16), Slice(rpiks, i), Slice(aemks, i));
                }

                break;
            case CryptoBackendKind.X86Avx512:
            case CryptoBackendKind.X86Avx512Vaes:
                DeriveLanes<Vector512<uint>, Avx512Sha256Lanes>(teks, rpiks, aemks, narrowTail: true);
                break;
            case CryptoBackendKind.X86Avx2:
                DeriveLanes<Vector256<uint>, Avx2Sha256Lanes>(teks, rpiks, aemks, narrowTail: false);
                break;
            case CryptoBackendKind.Arm64:
                DeriveArm64(teks, rpiks, aemks);
                break;
            case CryptoBackendKind.X86ShaNi:
                NativeCrypto.DeriveKeys(teks, rpiks, aemks);
                break;
            default:
                DeriveLanes<uint, ScalarSha256Lanes>(teks, rpiks, aemks, narrowTail: false);
                break;
        }
    }

    /// <summary>
    /// Derives the RPIK of each TEK and writes its <paramref name="count"/> consecutive RPIs; the RPIKs stay in a
    /// stack buffer that is wiped afterwards. This is the whole per-key cost of matching diagnosis keys.
    /// </summary>
    /// <param name="teks">n × 16 TEK bytes.</param>
    /// <param name="firstIntervals">n first intervals (usually each key's rolling start).</param>
    /// <param name="count">RPIs per key (144 for a whole day).</param>
    /// <param name="destination">n × count × 16 bytes; RPI j of key i is at offset 16·(i·count + j).</param>
    /// <exception cref="ArgumentException">The buffer lengths do not agree.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative, or an interval range passes 2³² − 1.</exception>
    public static void GenerateRpis(ReadOnlySpan<byte> teks, ReadOnlySpan<uint> firstIntervals, int count, Span<byte> destination)
    {
        if (teks.Length != firstIntervals.Length * 16)
        {
            throw new ArgumentException("Expected one 16-byte TEK per first interval.", nameof(teks));
        }

        Aes128Batch.Validate(firstIntervals, count, destination);
        if (CryptoBackend.Current == CryptoBackendKind.X86ShaNi)
        {
            // One native pass: the HKDF of each key interleaved with the AES of the previous one; no RPIK leaves the call.
            NativeCrypto.GenerateRpisFromTeks(teks, firstIntervals, count, destination);
            return;
        }

        const int ChunkKeys = 64;
        Span<byte> rpiks = stackalloc byte[ChunkKeys * 16];
        int perKey = count * 16;
        try
        {
            for (int first = 0; first < firstIntervals.Length; first += ChunkKeys)
            {
                int keys = Math.Min(ChunkKeys, firstIntervals.Length - first);
                Span<byte> chunkRpiks = rpiks[..(keys * 16)];
                DeriveRpiks(teks.Slice(first * 16, keys * 16), chunkRpiks);
                Aes128Batch.GenerateRpis(chunkRpiks, firstIntervals.Slice(first, keys), count, destination.Slice(first * perKey, keys * perKey));
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(rpiks);
        }
    }

    /// <summary>Four keys interleaved on the ARMv8 SHA-256 instructions; a tail of 1–3 keys goes one at a time.</summary>
    private static void DeriveArm64(ReadOnlySpan<byte> teks, Span<byte> rpiks, Span<byte> aemks)
    {
        int full = teks.Length - (teks.Length % (4 * 16));
        if (full > 0)
        {
            DeriveLanes<Vector128<uint>, ArmSha256x4Compressor>(teks[..full], Slice(rpiks, 0, full), Slice(aemks, 0, full), narrowTail: false);
        }

        if (full < teks.Length)
        {
            int rest = teks.Length - full;
            DeriveLanes<uint, ArmSha256Compressor>(teks[full..], Slice(rpiks, full, rest), Slice(aemks, full, rest), narrowTail: false);
        }
    }

    private static void DeriveLanes<TVec, TOps>(ReadOnlySpan<byte> teks, Span<byte> rpiks, Span<byte> aemks, bool narrowTail)
        where TVec : unmanaged
        where TOps : struct, ISha256Compressor<TVec>
    {
        int group = ZeroSaltHkdf<TVec, TOps>.GroupBytes;
        int full = teks.Length - (teks.Length % group);
        for (int offset = 0; offset < full; offset += group)
        {
            ZeroSaltHkdf<TVec, TOps>.Derive(teks.Slice(offset, group), Slice(rpiks, offset, group), Slice(aemks, offset, group));
        }

        if (full == teks.Length)
        {
            return;
        }

        ReadOnlySpan<byte> tailTeks = teks[full..];
        if (narrowTail && tailTeks.Length <= 8 * 16)
        {
            DeriveLanes<Vector256<uint>, Avx2Sha256Lanes>(tailTeks, Slice(rpiks, full, tailTeks.Length), Slice(aemks, full, tailTeks.Length), narrowTail: false);
            return;
        }

        // Pad the last group: fixed-size scratch, wiped afterwards.
        Span<byte> scratch = stackalloc byte[3 * 16 * 16];
        Span<byte> paddedTeks = scratch[..group];
        Span<byte> paddedRpiks = scratch.Slice(group, group);
        Span<byte> paddedAemks = scratch.Slice(2 * group, group);
        try
        {
            paddedTeks.Clear();
            tailTeks.CopyTo(paddedTeks);
            ZeroSaltHkdf<TVec, TOps>.Derive(paddedTeks, rpiks.IsEmpty ? default : paddedRpiks, aemks.IsEmpty ? default : paddedAemks);
            if (!rpiks.IsEmpty)
            {
                paddedRpiks[..tailTeks.Length].CopyTo(rpiks[full..]);
            }

            if (!aemks.IsEmpty)
            {
                paddedAemks[..tailTeks.Length].CopyTo(aemks[full..]);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scratch);
        }
    }

    private static Span<byte> Slice(Span<byte> buffer, int offset, int length = 16) =>
        buffer.IsEmpty ? default : buffer.Slice(offset, length);
}
