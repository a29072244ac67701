using System.Security.Cryptography;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;

namespace Cocoa.Sdk.Matching.Internal;

/// <summary>
/// The naive matcher the fast one is checked against: per key one <see cref="HKDF.DeriveKey(HashAlgorithmName, byte[], int, byte[], byte[])"/>,
/// one AES call per interval of the rolling period, a dictionary probe per RPI, the ±12-interval check per sighting.
/// </summary>
internal static class ReferenceMatcher
{
    public static MatchResult Match(IEnumerable<DiagnosisKey> keys, IReadOnlyList<Sighting> sightings, int rssiCorrectionDb = 0)
    {
        var byRpi = new Dictionary<RollingProximityIdentifier, List<int>>();
        for (int i = 0; i < sightings.Count; i++)
        {
            if (!byRpi.TryGetValue(sightings[i].Identifier, out List<int>? list))
            {
                list = [];
                byRpi.Add(sightings[i].Identifier, list);
            }

            list.Add(i);
        }

        var matches = new List<KeyMatch>();
        var seen = new HashSet<string>();
        long index = -1;
        byte[] info = "EN-RPIK"u8.ToArray();
        foreach (DiagnosisKey dk in keys)
        {
            index++;
            TemporaryExposureKey key = dk.Key;
            if (key.RollingPeriod <= 0 || key.RollingStartIntervalNumber.Value > uint.MaxValue - 143)
            {
                continue;
            }

            byte[] rpik = HKDF.DeriveKey(HashAlgorithmName.SHA256, key.ToKeyArray(), 16, null, info);
            using Aes aes = Aes.Create();
            aes.Key = rpik;
            var hits = new List<(int Sighting, uint Interval)>();
            for (int i = 0; i < key.RollingPeriod; i++)
            {
                uint interval = unchecked(key.RollingStartIntervalNumber.Value + (uint)i);
                byte[] block = new byte[16];
                "EN-RPI"u8.CopyTo(block);
                BitConverter.TryWriteBytes(block.AsSpan(12), interval);
                var rpi = RollingProximityIdentifier.FromBytes(aes.EncryptEcb(block, PaddingMode.None));
                if (byRpi.TryGetValue(rpi, out List<int>? list))
                {
                    foreach (int s in list)
                    {
                        long seenInterval = sightings[s].UnixSeconds / 600;
                        if (seenInterval >= (long)interval - 12 && seenInterval <= (long)interval + 12)
                        {
                            hits.Add((s, interval));
                        }
                    }
                }
            }

            if (hits.Count == 0 || !seen.Add(key.ToKeyHex()))
            {
                continue;
            }

            AssociatedEncryptedMetadataKey aemk = ExposureKeyDerivation.DeriveAssociatedEncryptedMetadataKey(key);
            MatchedSighting[] matched = [.. hits
                .OrderBy(h => sightings[h.Sighting].UnixSeconds).ThenBy(h => h.Sighting)
                .Select(h => MatchWorker.Decrypt(aemk, sightings[h.Sighting], h.Interval, rssiCorrectionDb))];
            matches.Add(new KeyMatch(dk, index, matched));
        }

        return new MatchResult(index + 1, 0, matches);
    }
}
