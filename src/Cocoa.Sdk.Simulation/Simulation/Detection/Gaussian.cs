namespace Cocoa.Sdk.Simulation.Detection;

/// <summary>Standard normal draws and distribution function for the detection simulation.</summary>
internal static class Gaussian
{
    /// <summary>Draws from N(0, 1) (Box–Muller; one uniform pair per draw, so the number of draws per trial is fixed).</summary>
    public static double Next(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>The standard normal distribution function Φ(z), from the complementary error function (|error| &lt; 1.2e-7).</summary>
    public static double Cdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2.0));

    // Numerical Recipes' erfc with a Chebyshev fit; relative error below 1.2e-7 everywhere.
    private static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1.0 / (1.0 + (0.5 * z));
        double[] c = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
        double poly = 0;
        for (int i = c.Length - 1; i >= 0; i--)
        {
            poly = c[i] + (t * poly);
        }

        double r = t * Math.Exp((-z * z) + poly);
        return x >= 0 ? r : 2.0 - r;
    }
}
