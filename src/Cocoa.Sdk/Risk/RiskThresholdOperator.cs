namespace Cocoa.Sdk.Risk;

/// <summary>A comparison in COCOA's <c>risk_calculation_configuration.json</c> (<c>"op"</c>).</summary>
public enum RiskThresholdOperator
{
    /// <summary><c>"NOP"</c>: the condition is not checked.</summary>
    None = 0,

    /// <summary><c>"="</c>: value equals the threshold.</summary>
    Equal,

    /// <summary><c>"&gt;="</c>: value is at least the threshold.</summary>
    GreaterOrEqual,

    /// <summary><c>"&gt;"</c>: value is above the threshold.</summary>
    Greater,

    /// <summary><c>"&lt;="</c>: value is at most the threshold.</summary>
    LessOrEqual,

    /// <summary><c>"&lt;"</c>: value is below the threshold.</summary>
    Less,
}
