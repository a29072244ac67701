namespace Cocoa.Sdk.Export;

/// <summary>How <c>ExportBatcher</c> (Cocoa.Sdk.Server) orders keys so that no submission order leaks.</summary>
public enum ExportKeyOrder
{
    /// <summary>Ascending by the 16 key bytes (Google's reference server; deterministic).</summary>
    SortedByKeyData = 0,

    /// <summary>A uniform random permutation from a CSPRNG (COCOA's server).</summary>
    Shuffled,
}
