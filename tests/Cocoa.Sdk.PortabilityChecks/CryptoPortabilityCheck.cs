using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Crypto.Internal;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Matching;
using Cocoa.Sdk.Tests.Crypto.Vectors;

namespace Cocoa.Sdk.PortabilityChecks;

/// <summary>
/// Runs the official EN v1.2 vectors and random cross-checks (every supported backend against BouncyCastle and the
/// portable backend) on the machine at hand. Usage: <c>[--require &lt;Backend&gt;]... [--random &lt;n&gt;]</c>.
/// </summary>
internal static class CryptoPortabilityCheck
{
    public static int Run(string[] args, TextWriter output)
    {
        var required = new List<CryptoBackendKind>();
        int randomKeys = 200;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--require" when i + 1 < args.Length && Enum.TryParse(args[i + 1], out CryptoBackendKind kind):
                    required.Add(kind);
                    i++;
                    break;
                case "--random" when i + 1 < args.Length && int.TryParse(args[i + 1], out int n) && n >= 0:
                    randomKeys = n;
                    i++;
                    break;
                default:
                    output.WriteLine($"usage: [--require <{string.Join('|', Enum.GetNames<CryptoBackendKind>())}>]... [--random <n>]");
                    return 2;
            }
        }

        output.WriteLine($"architecture: {RuntimeInformation.ProcessArchitecture}, runtime: {RuntimeInformation.FrameworkDescription}");
        output.WriteLine($"intrinsics: x86 AES={System.Runtime.Intrinsics.X86.Aes.IsSupported} AVX2={System.Runtime.Intrinsics.X86.Avx2.IsSupported} " +
            $"AVX-512F={System.Runtime.Intrinsics.X86.Avx512F.IsSupported}; ARM AES={System.Runtime.Intrinsics.Arm.Aes.IsSupported} " +
            $"SHA256={System.Runtime.Intrinsics.Arm.Sha256.IsSupported}; Vector128 accelerated={Vector128.IsHardwareAccelerated}");
        output.WriteLine($"backends: {string.Join(", ", CryptoBackend.Supported)} (best: {CryptoBackend.Best})");

        var failures = new List<string>();
        foreach (CryptoBackendKind kind in required.Where(k => !CryptoBackend.IsSupported(k)))
        {
            failures.Add($"required backend {kind} is not supported here");
        }

        foreach (CryptoBackendKind kind in CryptoBackend.Supported)
        {
            int before = failures.Count;
            using (CryptoBackend.Force(kind))
            {
                CheckOfficialVectors(kind, failures);
                CheckRandom(kind, randomKeys, failures);
                CheckMatcher(kind, failures);
            }

            output.WriteLine($"{kind}: {(failures.Count == before ? "ok" : $"{failures.Count - before} mismatch(es)")}");
        }

        foreach (string failure in failures.Take(50))
        {
            output.WriteLine("FAIL " + failure);
        }

        output.WriteLine(failures.Count == 0 ? "all crypto checks passed" : $"{failures.Count} crypto check(s) failed");
        return failures.Count == 0 ? 0 : 1;
    }

    private static void CheckOfficialVectors(CryptoBackendKind kind, List<string> failures)
    {
        GaenVectors v = GaenVectors.Official;
        var rpik = new byte[16];
        var aemk = new byte[16];
        ExposureKeyDerivation.DeriveKeys(v.Tek, rpik, aemk);
        Expect(kind, "official RPIK", v.Rpik, rpik, failures);
        Expect(kind, "official AEMK", v.Aemk, aemk, failures);

        var rpis = new byte[144 * 16];
        ExposureKeyDerivation.GenerateRollingProximityIdentifiers(rpik, new EnIntervalNumber(v.FirstInterval), rpis);
        Expect(kind, "official 144 RPIs", v.AllRpis, rpis, failures);

        var key = AssociatedEncryptedMetadataKey.FromBytes(aemk);
        var metadata = ExposureMetadata.FromBytes(v.Metadata);
        foreach (AdvertisedItem item in v.Items)
        {
            var rpi = RollingProximityIdentifier.FromBytes(item.Rpi);
            AssociatedEncryptedMetadata aem = ExposureKeyDerivation.EncryptMetadata(key, rpi, metadata);
            Expect(kind, $"official AEM[{item.Index}]", item.Aem, aem.ToArray(), failures);
            if (ExposureKeyDerivation.DecryptMetadata(key, rpi, aem) != metadata)
            {
                failures.Add($"{kind}: AEM[{item.Index}] does not decrypt to the metadata");
            }
        }

        foreach (int n in new[] { 1, 9, 17, 65 })
        {
            byte[] teks = Repeat(v.Tek, n);
            var batch = new byte[n * 144 * 16];
            KeyBatchDeriver.GenerateRpis(teks, Enumerable.Repeat(v.FirstInterval, n).ToArray(), 144, batch);
            Expect(kind, $"official RPIs, batch of {n}", Repeat(v.AllRpis, n), batch, failures);
        }
    }

    private static void CheckRandom(CryptoBackendKind kind, int keys, List<string> failures)
    {
        var random = new Random(20200402 + keys);
        byte[] teks = new byte[keys * 16];
        random.NextBytes(teks);
        uint[] firsts = Enumerable.Range(0, keys).Select(_ => (uint)random.NextInt64(0, uint.MaxValue - 143L)).ToArray();

        var rpiks = new byte[keys * 16];
        var aemks = new byte[keys * 16];
        KeyBatchDeriver.DeriveKeys(teks, rpiks, aemks);
        var rpis = new byte[keys * 144 * 16];
        KeyBatchDeriver.GenerateRpis(teks, firsts, 144, rpis);

        byte[] portableRpis = new byte[rpis.Length];
        using (CryptoBackend.Force(CryptoBackendKind.Portable))
        {
            KeyBatchDeriver.GenerateRpis(teks, firsts, 144, portableRpis);
        }

        Expect(kind, $"{keys} random keys x 144 RPIs vs portable", portableRpis, rpis, failures);
        for (int i = 0; i < keys; i++)
        {
            byte[] tek = teks[(i * 16)..((i + 1) * 16)];
            byte[] expectedRpik = BouncyCastleReference.Rpik(tek);
            Expect(kind, $"random RPIK {i} vs BouncyCastle", expectedRpik, rpiks[(i * 16)..((i + 1) * 16)], failures);
            Expect(kind, $"random AEMK {i} vs BouncyCastle", BouncyCastleReference.Aemk(tek), aemks[(i * 16)..((i + 1) * 16)], failures);
            int j = random.Next(144);
            Expect(kind, $"random RPI {i}/{j} vs BouncyCastle", BouncyCastleReference.Rpi(expectedRpik, firsts[i] + (uint)j), rpis[(((i * 144) + j) * 16)..(((i * 144) + j + 1) * 16)], failures);

            byte[] metadata = BitConverter.GetBytes(random.Next());
            byte[] rpi = rpis[(((i * 144) + j) * 16)..(((i * 144) + j + 1) * 16)];
            byte[] aem = (byte[])metadata.Clone();
            ExposureKeyDerivation.ApplyMetadataKeystream(aemks.AsSpan(i * 16, 16), rpi, aem);
            Expect(kind, $"random AEM {i} vs BouncyCastle CTR", BouncyCastleReference.AesCtr(aemks[(i * 16)..((i + 1) * 16)], rpi, metadata), aem, failures);
        }
    }

    /// <summary>The matcher on this backend: 37 random diagnosis keys, one heard 10 intervals in, among random sightings.</summary>
    private static void CheckMatcher(CryptoBackendKind kind, List<string> failures)
    {
        var random = new Random(2642976);
        var start = new EnIntervalNumber(2642976);
        byte[] keyBytes = new byte[16];
        var keys = new List<DiagnosisKey>();
        for (int i = 0; i < 37; i++)
        {
            random.NextBytes(keyBytes);
            keys.Add(new DiagnosisKey(TemporaryExposureKey.FromBytes(keyBytes, start.AddIntervals(-144L * (i % 3)))));
        }

        DiagnosisKey positive = keys[29];
        EnIntervalNumber heard = positive.Key.RollingStartIntervalNumber.AddIntervals(10);
        ExposureKeyDerivation.DeriveKeys(positive.Key, out RollingProximityIdentifierKey rpik, out AssociatedEncryptedMetadataKey aemk);
        RollingProximityIdentifier rpi = ExposureKeyDerivation.GenerateRollingProximityIdentifier(rpik, heard);
        ExposureMetadata metadata = ExposureMetadata.Create(-30, CalibrationConfidence.High);
        long time = ((long)heard.Value * EnIntervalNumber.SecondsPerInterval) + 120;
        var sightings = new List<Sighting> { new(time, rpi, ExposureKeyDerivation.EncryptMetadata(aemk, rpi, metadata), -70) };
        byte[] noise = new byte[16];
        for (int i = 0; i < 200; i++)
        {
            random.NextBytes(noise);
            sightings.Add(new Sighting(time + i, RollingProximityIdentifier.FromBytes(noise), default, -80));
        }

        MatchResult result = new ExposureMatcher(sightings, new MatchOptions { MaxDegreeOfParallelism = 2 }).Match(keys);
        if (result.Matches.Count != 1 || result.Matches[0].Key != positive || result.Matches[0].Sightings.Count != 1
            || result.Matches[0].Sightings[0].Metadata != metadata || result.Matches[0].Sightings[0].IdentifierInterval != heard)
        {
            failures.Add($"{kind}: matcher found {result.Matches.Count} match(es) instead of exactly key 29 at interval {heard}");
        }
    }

    private static void Expect(CryptoBackendKind kind, string what, byte[] expected, byte[] actual, List<string> failures)
    {
        if (!expected.AsSpan().SequenceEqual(actual))
        {
            failures.Add($"{kind}: {what}: expected {Convert.ToHexStringLower(expected.AsSpan(0, Math.Min(32, expected.Length)))}..., got {Convert.ToHexStringLower(actual.AsSpan(0, Math.Min(32, actual.Length)))}...");
        }
    }

    private static byte[] Repeat(byte[] value, int times) => Enumerable.Repeat(value, times).SelectMany(b => b).ToArray();
}
