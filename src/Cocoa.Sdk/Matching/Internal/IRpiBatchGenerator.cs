namespace Cocoa.Sdk.Matching.Internal;

/// <summary>
/// The matcher's crypto seam, in two steps so the RPIs of one key are probed while they are still in L1 (or, on the
/// native backend, while the block's RPIs are in L1/L2): prepare a block of keys at once (multi-buffer HKDF, AES key
/// schedules — or the whole TEK → RPI pass), then hand out the 144 RPIs of one key at a time.
/// Implementations keep reusable state and are used by one thread.
/// </summary>
internal interface IRpiBatchGenerator : IDisposable
{
    /// <summary>The number of keys <see cref="DeriveKeys"/> handles best (the block size the matcher uses).</summary>
    int BatchSize { get; }

    /// <summary>A short name for benchmarks and logs.</summary>
    string Name { get; }

    /// <summary>Prepares the RPIs of n keys (n ≤ <see cref="BatchSize"/>) for <see cref="GenerateRpis"/>.</summary>
    /// <param name="teks">16·n key bytes.</param>
    /// <param name="rollingStarts">n first intervals; the caller has checked that start + 143 stays within 32 bits.</param>
    void DeriveKeys(ReadOnlySpan<byte> teks, ReadOnlySpan<uint> rollingStarts);

    /// <summary>Returns the 144 RPIs (144·16 bytes) of key <paramref name="index"/> of the last <see cref="DeriveKeys"/> call.</summary>
    /// <param name="index">The key's position in the block.</param>
    /// <returns>Memory of the generator, valid until its next call.</returns>
    ReadOnlySpan<byte> GenerateRpis(int index);
}
