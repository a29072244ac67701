namespace Cocoa.Sdk.Matching.Internal;

/// <summary>
/// The matcher's crypto seam, in two steps so the RPIs of one key are probed while they are still in L1: derive the RPIKs
/// of a block of TEKs at once (multi-buffer HKDF), then encrypt the 144 padded-data blocks of one key at a time.
/// Implementations keep reusable state and are used by one thread.
/// </summary>
internal interface IRpiBatchGenerator : IDisposable
{
    /// <summary>The number of keys <see cref="DeriveKeys"/> handles best (the block size the matcher uses).</summary>
    int BatchSize { get; }

    /// <summary>A short name for benchmarks and logs.</summary>
    string Name { get; }

    /// <summary>Derives the RPIK of each of n keys (n ≤ <see cref="BatchSize"/>) and keeps them for <see cref="GenerateRpis"/>.</summary>
    /// <param name="teks">16·n key bytes.</param>
    void DeriveKeys(ReadOnlySpan<byte> teks);

    /// <summary>Writes the 144 RPIs of key <paramref name="index"/> of the last <see cref="DeriveKeys"/> call.</summary>
    /// <param name="index">The key's position in the block.</param>
    /// <param name="rollingStart">Its rolling start interval number.</param>
    /// <param name="rpis">144·16 bytes.</param>
    void GenerateRpis(int index, uint rollingStart, Span<byte> rpis);
}
