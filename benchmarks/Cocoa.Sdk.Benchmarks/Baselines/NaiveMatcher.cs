using System.Security.Cryptography;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Matching;

namespace Cocoa.Sdk.Benchmarks.Baselines;

/// <summary>
/// The straightforward matcher most open implementations started from: per key <see cref="HKDF.DeriveKey(HashAlgorithmName, byte[], int, byte[], byte[])"/>,
/// one <see cref="Aes.EncryptEcb(byte[], PaddingMode)"/> per interval, and a <see cref="HashSet{T}"/> probe of each RPI.
/// </summary>
internal static class NaiveMatcher
{
    private static readonly byte[] RpikInfo = "EN-RPIK"u8.ToArray();

    public static int CountMatchingKeys(IEnumerable<DiagnosisKey> keys, IReadOnlyList<Sighting> sightings)
    {
        var observed = new HashSet<string>(sightings.Select(s => s.Identifier.ToString()));
        int matched = 0;
        foreach (DiagnosisKey key in keys)
        {
            byte[] rpik = HKDF.DeriveKey(HashAlgorithmName.SHA256, key.Key.ToKeyArray(), 16, null, RpikInfo);
            using Aes aes = Aes.Create();
            aes.Key = rpik;
            bool hit = false;
            for (int i = 0; i < key.Key.RollingPeriod; i++)
            {
                byte[] block = new byte[16];
                "EN-RPI"u8.CopyTo(block);
                BitConverter.TryWriteBytes(block.AsSpan(12), key.Key.RollingStartIntervalNumber.Value + (uint)i);
                hit |= observed.Contains(Convert.ToHexStringLower(aes.EncryptEcb(block, PaddingMode.None)));
            }

            matched += hit ? 1 : 0;
        }

        return matched;
    }
}
