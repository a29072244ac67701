namespace Cocoa.Sdk.Risk;

/// <summary>A configuration file (COCOA's <c>configuration.json</c> or <c>risk_calculation_configuration.json</c>) is malformed or out of range.</summary>
public sealed class ConfigurationFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public ConfigurationFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong, naming the JSON property.</param>
    public ConfigurationFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The underlying error.</param>
    public ConfigurationFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
