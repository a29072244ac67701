using System.Runtime.CompilerServices;

namespace Cocoa.Sdk.Internal;

/// <summary>Inline storage for a 16-byte protocol value.</summary>
[InlineArray(16)]
internal struct Buffer16
{
    private byte _element0;
}

/// <summary>Inline storage for a 4-byte protocol value.</summary>
[InlineArray(4)]
internal struct Buffer4
{
    private byte _element0;
}
