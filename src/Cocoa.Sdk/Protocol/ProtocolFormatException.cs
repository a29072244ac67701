namespace Cocoa.Sdk.Protocol;

/// <summary>A protocol document (a v3 diagnosis body, a <c>keys.json</c> file, an export list) is malformed.</summary>
/// <remarks>The message names the field (a JSON path such as <c>keys[2].keyData</c>) and what was expected; it never
/// echoes a processing number or key data.</remarks>
public sealed class ProtocolFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProtocolFormatException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    public ProtocolFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ProtocolFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a field.</summary>
    /// <param name="field">The field's JSON path, e.g. <c>keys[2].keyData</c>.</param>
    /// <param name="expected">What was expected there.</param>
    /// <returns>The exception.</returns>
    public static ProtocolFormatException Field(string field, string expected) => new($"{field}: expected {expected}");
}
