using System.Diagnostics;
using System.Globalization;

namespace Cocoa.Sdk.Benchmarks.Baselines;

/// <summary>
/// The OpenSSL single-stream per-core bound of matching one diagnosis key: 144 AES-128 blocks (the RPIs of a day) and
/// 6 SHA-256 compressions (the HKDF of the RPIK), at the speeds <c>openssl speed</c> measures on this machine now
/// (16 KiB buffers, CPU time, one process). Measured in the same run as the figure it is compared with.
/// </summary>
internal sealed record OpenSslBound(double AesBytesPerSecond, double Sha256BytesPerSecond)
{
    private const int AesBlocksPerKey = 144;
    private const int Sha256CompressionsPerKey = 6;

    /// <summary>Gets the CPU time one key needs at OpenSSL's speeds.</summary>
    public double SecondsPerKey => (AesBlocksPerKey * 16 / AesBytesPerSecond) + (Sha256CompressionsPerKey * 64 / Sha256BytesPerSecond);

    /// <summary>Gets the bound in keys per second on one core.</summary>
    public double KeysPerSecond => 1 / SecondsPerKey;

    /// <summary>Runs <c>openssl speed</c> for AES-128-ECB (EVP, so AES-NI/VAES) and SHA-256 (SHA-NI where present).</summary>
    /// <param name="seconds">Seconds per measurement.</param>
    public static OpenSslBound Measure(int seconds = 3) =>
        new(Speed($"speed -mr -seconds {seconds} -bytes 16384 -evp aes-128-ecb"), Speed($"speed -mr -seconds {seconds} -bytes 16384 sha256"));

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"AES-128 {AesBytesPerSecond / 1e9:F2} GB/s, SHA-256 {Sha256BytesPerSecond / 1e9:F2} GB/s => {KeysPerSecond / 1e6:F3} M keys/s per core");

    /// <summary>Parses the machine-readable result line <c>+F:n:name:bytesPerSecond</c> of <c>openssl speed -mr</c>.</summary>
    internal static double ParseSpeed(string output)
    {
        foreach (string line in output.Split('\n'))
        {
            string[] fields = line.Trim().Split(':');
            if (fields.Length == 4 && fields[0] == "+F")
            {
                return double.Parse(fields[3], NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("openssl speed printed no '+F:' result line: " + output);
    }

    private static double Speed(string arguments)
    {
        var start = new ProcessStartInfo("openssl", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        _ = stderr.Result;
        return process.ExitCode == 0 ? ParseSpeed(output) : throw new InvalidOperationException($"openssl {arguments} exited with {process.ExitCode}");
    }
}
