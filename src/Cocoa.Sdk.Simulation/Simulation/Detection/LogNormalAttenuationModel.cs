// Lovett, Briers, Kamath et al., "Inferring proximity from Bluetooth Low Energy RSSI with unscented Kalman smoothers"
// (arXiv 2007.05057), figure 4: fitted to MIT Lincoln Laboratory's PACT measurements, each attenuation sample is log-normal,
// ln(attenuation dB) ~ N(mu(d), sigma^2) with mu(d) = 0.21 ln d + 3.92 and sigma^2 = 0.33 (d in metres).
// COCOA's EN v2 design (design_for_upgrading_to_env2.md) used this model and checked it against its own field measurements.

namespace Cocoa.Sdk.Simulation.Detection;

/// <summary>
/// The distance model of the detection simulation: each received packet's attenuation in dB is log-normal,
/// <c>ln(attenuation) ~ N(Intercept + Slope·ln d, Variance)</c>.
/// </summary>
/// <param name="Intercept">The mean of ln(attenuation dB) at 1 m.</param>
/// <param name="Slope">How the mean of ln(attenuation dB) grows with ln(distance in metres).</param>
/// <param name="Variance">The variance of ln(attenuation dB) of one sample.</param>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed record LogNormalAttenuationModel(double Intercept, double Slope, double Variance)
{
    /// <summary>Gets the model of Lovett et al. (arXiv 2007.05057): intercept 3.92, slope 0.21, variance 0.33.</summary>
    public static LogNormalAttenuationModel Lovett2020 { get; } = new(3.92, 0.21, 0.33);

    /// <summary>Gets the mean of ln(attenuation dB) at a distance.</summary>
    /// <param name="distanceMetres">The distance in metres (more than 0).</param>
    /// <returns><c>Intercept + Slope·ln d</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The distance is not a positive finite number.</exception>
    public double GetLogMean(double distanceMetres)
    {
        CheckDistance(distanceMetres);
        return Intercept + (Slope * Math.Log(distanceMetres));
    }

    /// <summary>Gets the median attenuation in dB at a distance (e^3.92 ≈ 50 dB at 1 m for <see cref="Lovett2020"/>).</summary>
    /// <param name="distanceMetres">The distance in metres (more than 0).</param>
    /// <returns>The median attenuation in dB.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The distance is not a positive finite number.</exception>
    public double GetMedianDb(double distanceMetres) => Math.Exp(GetLogMean(distanceMetres));

    /// <summary>Draws one packet's attenuation in dB.</summary>
    /// <param name="random">The trial's random source.</param>
    /// <param name="distanceMetres">The distance in metres (more than 0).</param>
    /// <returns>The attenuation in dB (always positive).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The distance is not a positive finite number.</exception>
    public double Sample(Random random, double distanceMetres)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Math.Exp(GetLogMean(distanceMetres) + (Math.Sqrt(Variance) * Gaussian.Next(random)));
    }

    /// <summary>
    /// Gets the probability that the average of <paramref name="samples"/> independent readings at a distance lies above
    /// <paramref name="thresholdDb"/>, averaging in the log domain as COCOA's design document did (σ shrinks by √n).
    /// </summary>
    /// <param name="distanceMetres">The distance in metres.</param>
    /// <param name="thresholdDb">The attenuation threshold in dB (more than 0).</param>
    /// <param name="samples">The number of readings averaged (COCOA assumed 37 per scan instance).</param>
    /// <returns>The probability, 0..1.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public double GetProbabilityAverageAbove(double distanceMetres, double thresholdDb, int samples)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(thresholdDb);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        double z = (Math.Log(thresholdDb) - GetLogMean(distanceMetres)) / Math.Sqrt(Variance / samples);
        return 1.0 - Gaussian.Cdf(z);
    }

    private static void CheckDistance(double distanceMetres)
    {
        if (!double.IsFinite(distanceMetres) || distanceMetres <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(distanceMetres), distanceMetres, "The distance must be a positive number of metres.");
        }
    }
}
