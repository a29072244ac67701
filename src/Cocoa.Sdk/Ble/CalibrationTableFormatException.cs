namespace Cocoa.Sdk.Ble;

/// <summary>A calibration CSV cannot be used at all: its header is missing or wrong, or no row is valid.</summary>
public sealed class CalibrationTableFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public CalibrationTableFormatException()
        : this("The calibration table is malformed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public CalibrationTableFormatException(string message)
        : base(message)
    {
        Problems = [];
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public CalibrationTableFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    /// <summary>Creates the exception with the line problems found.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="problems">The malformed lines.</param>
    public CalibrationTableFormatException(string message, IReadOnlyList<CalibrationTableProblem> problems)
        : base(message)
    {
        Problems = problems ?? [];
    }

    /// <summary>Gets the malformed lines found (may be empty).</summary>
    public IReadOnlyList<CalibrationTableProblem> Problems { get; }
}
