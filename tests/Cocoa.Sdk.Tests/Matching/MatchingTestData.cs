using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Matching;

namespace Cocoa.Sdk.Tests.Matching;

/// <summary>Builds diagnosis keys and the sightings a phone near their owner would have stored.</summary>
internal static class MatchingTestData
{
    public const uint BaseDay = 2642976; // 2020-04-02T00:00Z, the official vector's day

    public static DiagnosisKey RandomKey(Random random, uint start, int period = 144, ReportType? reportType = null, int? dsos = null, int? trl = null)
    {
        byte[] tek = new byte[16];
        random.NextBytes(tek);
        return new DiagnosisKey(TemporaryExposureKey.FromBytes(tek, new EnIntervalNumber(start), period), trl, reportType, dsos);
    }

    /// <summary>The sighting of <paramref name="key"/>'s RPI for <paramref name="interval"/>, heard at <paramref name="unixSeconds"/>.</summary>
    public static Sighting SightingOf(DiagnosisKey key, uint interval, long unixSeconds, int rssi = -60, sbyte txPower = -20, CalibrationConfidence confidence = CalibrationConfidence.Low)
    {
        RollingProximityIdentifierKey rpik = ExposureKeyDerivation.DeriveRollingProximityIdentifierKey(key.Key);
        AssociatedEncryptedMetadataKey aemk = ExposureKeyDerivation.DeriveAssociatedEncryptedMetadataKey(key.Key);
        RollingProximityIdentifier rpi = ExposureKeyDerivation.GenerateRollingProximityIdentifier(rpik, new EnIntervalNumber(interval));
        AssociatedEncryptedMetadata aem = ExposureKeyDerivation.EncryptMetadata(aemk, rpi, ExposureMetadata.Create(txPower, confidence, 1, 1));
        return new Sighting(unixSeconds, rpi, aem, rssi);
    }

    public static Sighting Noise(Random random, long unixSeconds)
    {
        byte[] b = new byte[20];
        random.NextBytes(b);
        return new Sighting(unixSeconds, RollingProximityIdentifier.FromBytes(b.AsSpan(0, 16)), AssociatedEncryptedMetadata.FromBytes(b.AsSpan(16, 4)), -70);
    }

    public static long TimeIn(uint interval, int secondsIntoInterval = 0) => ((long)interval * 600) + secondsIntoInterval;

    /// <summary>A readable, comparable rendering of a result's matches.</summary>
    public static string Describe(MatchResult result) => string.Join(
        "\n",
        result.Matches.Select(m => $"#{m.InputIndex} {m.Key.Key.ToKeyHex()}: " + string.Join(
            ", ",
            m.Sightings.Select(s => $"{s.Sighting.UnixSeconds}/{s.Sighting.Identifier}/{s.IdentifierInterval}/{s.Metadata}/{s.AttenuationDb}"))));
}
