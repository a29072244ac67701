namespace Cocoa.Sdk.Risk;

/// <summary>One condition of COCOA's risk decision: <c>x op value</c>.</summary>
/// <param name="Operator">The comparison.</param>
/// <param name="Value">The threshold.</param>
/// <threadsafety>This type is an immutable value type and is thread-safe.</threadsafety>
public readonly record struct RiskThreshold(RiskThresholdOperator Operator, double Value)
{
    /// <summary>Gets a condition that is not checked (<c>"NOP"</c>, 0.0).</summary>
    public static RiskThreshold NotChecked => new(RiskThresholdOperator.None, 0.0);

    /// <summary>Gets whether the condition is checked (not <c>"NOP"</c>).</summary>
    public bool IsChecked => Operator != RiskThresholdOperator.None;

    /// <summary>Gets the operator as written in the JSON file.</summary>
    public string OperatorText => Operator switch
    {
        RiskThresholdOperator.Equal => "=",
        RiskThresholdOperator.GreaterOrEqual => ">=",
        RiskThresholdOperator.Greater => ">",
        RiskThresholdOperator.LessOrEqual => "<=",
        RiskThresholdOperator.Less => "<",
        _ => "NOP",
    };

    /// <summary>Evaluates <c>x op value</c>; a <c>"NOP"</c> condition holds for every value.</summary>
    /// <param name="x">The measured value.</param>
    /// <returns>Whether the condition holds.</returns>
    public bool Holds(double x) => Operator switch
    {
        RiskThresholdOperator.None => true,
        RiskThresholdOperator.Equal => x == Value,
        RiskThresholdOperator.GreaterOrEqual => x >= Value,
        RiskThresholdOperator.Greater => x > Value,
        RiskThresholdOperator.LessOrEqual => x <= Value,
        RiskThresholdOperator.Less => x < Value,
        _ => false,
    };

    /// <summary>Parses the JSON operator text.</summary>
    /// <param name="text">One of <c>NOP = &gt;= &gt; &lt;= &lt;</c>.</param>
    /// <param name="op">The operator.</param>
    /// <returns>Whether the text is a known operator.</returns>
    public static bool TryParseOperator(string? text, out RiskThresholdOperator op)
    {
        op = text switch
        {
            "NOP" => RiskThresholdOperator.None,
            "=" => RiskThresholdOperator.Equal,
            ">=" => RiskThresholdOperator.GreaterOrEqual,
            ">" => RiskThresholdOperator.Greater,
            "<=" => RiskThresholdOperator.LessOrEqual,
            "<" => RiskThresholdOperator.Less,
            _ => (RiskThresholdOperator)(-1),
        };
        return (int)op >= 0;
    }
}
