namespace Cocoa.Sdk.Simulation.Detection;

/// <summary>Everything the detection simulation assumes about radios: distance model, calibration errors, timing, sensitivity and carrying losses.</summary>
/// <param name="Attenuation">The per-packet attenuation against distance.</param>
/// <param name="CalibrationErrors">How far real phones deviate from their calibration-table entries.</param>
/// <param name="Timing">When phones advertise and scan.</param>
/// <param name="ReceiverSensitivityDbm">Packets whose RSSI would be weaker than this are not heard.</param>
/// <param name="PocketLossDb">Extra loss in dB when both phones are in pockets.</param>
/// <param name="BagLossDb">Extra loss in dB when both phones are in bags.</param>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed record DetectionModel(
    LogNormalAttenuationModel Attenuation,
    CalibrationErrorModel CalibrationErrors,
    RadioTiming Timing,
    int ReceiverSensitivityDbm,
    double PocketLossDb,
    double BagLossDb)
{
    /// <summary>
    /// Gets the default model: Lovett et al.'s distance model, calibration errors derived from Google's table, the runtime's timing,
    /// a sensitivity of −127 dBm (every packet the API can report is heard: the fitted distribution already is what phones
    /// reported), and 6 dB (pocket) and 10 dB (bag) of extra loss. Sensitivity and carrying losses are assumptions, not
    /// measurements (docs/detection.md); COCOA's own tests found little change between placements at 1 m and 2 m.
    /// </summary>
    public static DetectionModel Default => new(
        LogNormalAttenuationModel.Lovett2020, CalibrationErrorModel.Default, RadioTiming.Default, -127, 6.0, 10.0);

    /// <summary>Gets the extra loss of a carrying position in dB.</summary>
    /// <param name="position">The position.</param>
    /// <returns>0 for <see cref="CarryingPosition.Hand"/>, otherwise <see cref="PocketLossDb"/> or <see cref="BagLossDb"/>.</returns>
    public double CarryingLossDb(CarryingPosition position) => position switch
    {
        CarryingPosition.Pocket => PocketLossDb,
        CarryingPosition.Bag => BagLossDb,
        _ => 0,
    };
}
