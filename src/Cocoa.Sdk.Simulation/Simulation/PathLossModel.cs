namespace Cocoa.Sdk.Simulation;

/// <summary>
/// Log-distance path loss with Gaussian shadowing: attenuation(d) = <see cref="ReferenceLossDb"/> + 10·n·log10(d / 1 m),
/// plus walls and noise. The defaults follow the Turing/Oxford model that COCOA's thresholds were designed from
/// (median ≈ 50.4 dB at 1 m, ≈ 70.7 dB at 5 m): 1 m falls in COCOA's "near" bucket, 5 m beyond its 65 dB threshold.
/// </summary>
/// <param name="ReferenceLossDb">Attenuation at 1 m in dB.</param>
/// <param name="Exponent">The path-loss exponent n (2 in free space, about 3 indoors near bodies).</param>
/// <param name="NoiseSigmaDb">Standard deviation of per-packet noise in dB.</param>
/// <param name="SensitivityDbm">Packets weaker than this are not heard.</param>
/// <param name="AdvertisingInterval">Time between advertisements of one device (200–270 ms on phones).</param>
/// <param name="MaxPacketsPerScan">At most this many packets per sender are reported per scan window.</param>
public sealed record PathLossModel(
    double ReferenceLossDb,
    double Exponent,
    double NoiseSigmaDb,
    int SensitivityDbm,
    TimeSpan AdvertisingInterval,
    int MaxPacketsPerScan)
{
    /// <summary>Gets the default model: 50.4 dB at 1 m, n = 2.9, σ = 3 dB, −105 dBm sensitivity, 250 ms, 16 packets.</summary>
    public static PathLossModel Default { get; } = new(50.4, 2.9, 3.0, -105, TimeSpan.FromMilliseconds(250), 16);

    /// <summary>Gets the mean attenuation in dB at <paramref name="distanceMetres"/> (distances below 10 cm count as 10 cm).</summary>
    /// <param name="distanceMetres">The distance in metres.</param>
    /// <returns>The attenuation in dB.</returns>
    public double PathLossDb(double distanceMetres) =>
        ReferenceLossDb + (10.0 * Exponent * Math.Log10(Math.Max(distanceMetres, 0.1)));
}
