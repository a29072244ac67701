using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Crypto.Internal;
using Cocoa.Sdk.Matching.Internal;
using Xunit;

namespace Cocoa.Sdk.Tests.Matching;

/// <summary>The matcher's crypto seam on every backend of this machine, against the portable (BCL) derivation.</summary>
public sealed class RpiBatchGeneratorTests
{
    [Fact]
    public void Each_key_gets_its_own_RPIs_whatever_order_they_are_asked_in()
    {
        foreach (CryptoBackendKind kind in CryptoBackend.Supported)
        {
            var random = new Random(5);
            byte[] teks;
            uint[] starts;
            byte[][] expected;
            using (CryptoBackend.Force(CryptoBackendKind.Portable))
            {
                int n = 20;
                teks = new byte[n * 16];
                random.NextBytes(teks);
                starts = [.. Enumerable.Range(0, n).Select(i => (uint)(2_650_000 + (144 * i)))];
                expected = new byte[n][];
                for (int i = 0; i < n; i++)
                {
                    byte[] rpik = new byte[16];
                    ExposureKeyDerivation.DeriveRollingProximityIdentifierKey(teks.AsSpan(i * 16, 16), rpik);
                    expected[i] = new byte[144 * 16];
                    ExposureKeyDerivation.GenerateRollingProximityIdentifiers(rpik, new EnIntervalNumber(starts[i]), expected[i]);
                }
            }

            using (CryptoBackend.Force(kind))
            {
                using var generator = new KernelRpiBatchGenerator();
                int n = Math.Min(generator.BatchSize, starts.Length);
                generator.DeriveKeys(teks.AsSpan(0, n * 16), starts.AsSpan(0, n));
                int[] order = [.. Enumerable.Range(0, n).Reverse(), 3, 0, n - 1, 9 % n];
                foreach (int i in order)
                {
                    Assert.True(expected[i].AsSpan().SequenceEqual(generator.GenerateRpis(i)), $"{kind}: key {i}");
                }
            }
        }
    }
}
