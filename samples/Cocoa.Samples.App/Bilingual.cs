namespace Cocoa.Samples.App;

/// <summary>A text shown to the user in Japanese, with its English translation alongside.</summary>
/// <param name="Ja">The Japanese text (shown first).</param>
/// <param name="En">The English text.</param>
public sealed record Bilingual(string Ja, string En)
{
    /// <summary>Both languages, Japanese first, one per line.</summary>
    public override string ToString() => Ja + "\n" + En;
}
