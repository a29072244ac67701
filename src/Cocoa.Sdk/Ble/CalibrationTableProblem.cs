namespace Cocoa.Sdk.Ble;

/// <summary>A malformed line of a calibration CSV, which was skipped.</summary>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly struct CalibrationTableProblem : IEquatable<CalibrationTableProblem>
{
    /// <summary>Creates a problem report.</summary>
    /// <param name="lineNumber">The 1-based line number.</param>
    /// <param name="message">What is wrong with the line.</param>
    public CalibrationTableProblem(int lineNumber, string message)
    {
        LineNumber = lineNumber;
        Message = message ?? string.Empty;
    }

    /// <summary>Gets the 1-based line number.</summary>
    public int LineNumber { get; }

    /// <summary>Gets what is wrong with the line.</summary>
    public string Message { get; }

    /// <inheritdoc/>
    public bool Equals(CalibrationTableProblem other) => LineNumber == other.LineNumber && string.Equals(Message, other.Message, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is CalibrationTableProblem other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(LineNumber, Message);

    /// <summary>Returns "line N: message".</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"line {LineNumber}: {Message}";

    /// <summary>Compares two problems for equality.</summary>
    public static bool operator ==(CalibrationTableProblem left, CalibrationTableProblem right) => left.Equals(right);

    /// <summary>Compares two problems for inequality.</summary>
    public static bool operator !=(CalibrationTableProblem left, CalibrationTableProblem right) => !left.Equals(right);
}
