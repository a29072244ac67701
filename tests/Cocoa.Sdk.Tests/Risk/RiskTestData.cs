using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Matching;

namespace Cocoa.Sdk.Tests.Risk;

internal static class RiskTestData
{
    /// <summary>2020-04-02T00:00:00Z.</summary>
    public const long Day0 = 1585785600;

    public static DiagnosisKey Key(ReportType? reportType = ReportType.ConfirmedTest, int? dsos = 0, int? trl = null, uint start = 2642976) =>
        new(TemporaryExposureKey.FromBytes(new byte[16], new EnIntervalNumber(start)), trl, reportType, dsos);

    /// <summary>A matched sighting at <paramref name="time"/> with the given attenuation (TX 0, RSSI = −attenuation).</summary>
    public static MatchedSighting At(long time, int attenuation, CalibrationConfidence confidence = CalibrationConfidence.Medium) =>
        new(new Sighting(time, default, default, -attenuation), new EnIntervalNumber((uint)(time / 600)), ExposureMetadata.Create(0, confidence, 1, 1), attenuation);

    public static KeyMatch Match(DiagnosisKey key, params MatchedSighting[] sightings) => new(key, 0, sightings);
}
