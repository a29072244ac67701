using Cocoa.Sdk.Ble;
using Cocoa.Sdk.Crypto;

namespace Cocoa.Sdk.Simulation.Detection;

/// <summary>
/// How far a real phone's transmit power and receiver gain deviate from its calibration-table entry: a normal error with a
/// standard deviation per calibration confidence, drawn once per phone and trial.
/// </summary>
/// <remarks>
/// <para><see cref="FromTable"/> derives the deviations from the calibration table itself: a model with its own measurement
/// (<see cref="CalibrationConfidence.High"/>) is taken as exact; a model that only has its manufacturer's or similar models'
/// average (Low, Medium) deviates like the measured models of one manufacturer deviate from each other (pooled
/// within-manufacturer standard deviation of the High rows); a model with the fleet-wide default (Lowest) deviates like all
/// measured models deviate from their mean. In Google's 2020-08-12 table that is 5.8 dB (TX) and 4.0 dB (RSSI correction)
/// within a manufacturer, 6.3 dB and 4.5 dB across the fleet.</para>
/// </remarks>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed class CalibrationErrorModel
{
    private static readonly Lazy<CalibrationErrorModel> BuiltIn = new(() => FromTable(CalibrationTable.BuiltIn));

    private readonly (double Tx, double Rssi)[] _sigmas;

    /// <summary>Creates a model from standard deviations per confidence.</summary>
    /// <param name="sigmas">For Lowest, Low, Medium and High (in that order): the standard deviation in dB of the TX power error and of the RSSI correction error.</param>
    /// <exception cref="ArgumentNullException"><paramref name="sigmas"/> is null.</exception>
    /// <exception cref="ArgumentException">Not exactly four entries, or a negative or non-finite value.</exception>
    public CalibrationErrorModel(IReadOnlyList<(double TxSigmaDb, double RssiSigmaDb)> sigmas)
    {
        ArgumentNullException.ThrowIfNull(sigmas);
        if (sigmas.Count != 4 || sigmas.Any(s => !double.IsFinite(s.TxSigmaDb) || !double.IsFinite(s.RssiSigmaDb) || s.TxSigmaDb < 0 || s.RssiSigmaDb < 0))
        {
            throw new ArgumentException("Exactly four non-negative standard deviations (Lowest, Low, Medium, High) are required.", nameof(sigmas));
        }

        _sigmas = [.. sigmas];
    }

    /// <summary>Gets the model derived from the SDK's built-in table (Google's list of 2020-08-12).</summary>
    public static CalibrationErrorModel Default => BuiltIn.Value;

    /// <summary>Gets a model without any calibration error (every phone exactly as its table entry says).</summary>
    public static CalibrationErrorModel None { get; } = new([(0, 0), (0, 0), (0, 0), (0, 0)]);

    /// <summary>Derives the model from a calibration table's High-confidence rows (see the remarks).</summary>
    /// <param name="table">The table.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="table"/> is null.</exception>
    /// <exception cref="ArgumentException">The table has fewer than two High-confidence rows of one manufacturer.</exception>
    public static CalibrationErrorModel FromTable(CalibrationTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        CalibrationRecord[] measured = [.. table.Records.Where(r => r.Confidence == CalibrationConfidence.High)];
        IGrouping<string, CalibrationRecord>[] makers = [.. measured.GroupBy(r => r.Manufacturer, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() >= 2)];
        int pooledCount = makers.Sum(g => g.Count());
        if (pooledCount - makers.Length < 1)
        {
            throw new ArgumentException("The table needs at least two High-confidence rows of one manufacturer.", nameof(table));
        }

        double withinTx = Math.Sqrt(makers.Sum(g => SumOfSquares(g.Select(r => (double)r.TxPowerDbm))) / (pooledCount - makers.Length));
        double withinRssi = Math.Sqrt(makers.Sum(g => SumOfSquares(g.Select(r => (double)r.RssiCorrectionDb))) / (pooledCount - makers.Length));
        double fleetTx = Math.Sqrt(SumOfSquares(measured.Select(r => (double)r.TxPowerDbm)) / (measured.Length - 1));
        double fleetRssi = Math.Sqrt(SumOfSquares(measured.Select(r => (double)r.RssiCorrectionDb)) / (measured.Length - 1));
        return new CalibrationErrorModel([(fleetTx, fleetRssi), (withinTx, withinRssi), (withinTx, withinRssi), (0, 0)]);
    }

    /// <summary>Gets the standard deviations for a confidence.</summary>
    /// <param name="confidence">The calibration confidence of the phone's table entry.</param>
    /// <returns>The standard deviation in dB of the TX power error and of the RSSI correction error.</returns>
    public (double TxSigmaDb, double RssiSigmaDb) GetSigmas(CalibrationConfidence confidence) =>
        _sigmas[Math.Clamp((int)confidence, 0, 3)];

    private static double SumOfSquares(IEnumerable<double> values)
    {
        double[] v = [.. values];
        double mean = v.Average();
        return v.Sum(x => (x - mean) * (x - mean));
    }
}
