namespace Cocoa.Sdk.Matching.Internal;

/// <summary>
/// The matcher's crypto seam: derives the RPIK of each of a block of TEKs and encrypts all 144 padded-data blocks of each
/// (RPI i of key k at <c>rpis[(k·144 + i)·16]</c>). Implementations keep reusable state and are used by one thread.
/// </summary>
internal interface IRpiBatchGenerator : IDisposable
{
    /// <summary>The number of keys a call handles best (the block size the matcher uses).</summary>
    int BatchSize { get; }

    /// <summary>A short name for benchmarks and logs.</summary>
    string Name { get; }

    /// <param name="teks">16·n key bytes.</param>
    /// <param name="rollingStarts">n rolling start interval numbers.</param>
    /// <param name="rpis">n·144·16 bytes.</param>
    void Generate(ReadOnlySpan<byte> teks, ReadOnlySpan<uint> rollingStarts, Span<byte> rpis);
}
