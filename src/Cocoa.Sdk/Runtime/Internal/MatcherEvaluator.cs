using Cocoa.Sdk.Export;
using Cocoa.Sdk.Matching;
using Cocoa.Sdk.Risk;
using Cocoa.Sdk.Storage.Internal;

namespace Cocoa.Sdk.Runtime.Internal;

/// <summary>
/// Matches with the fast <see cref="ExposureMatcher"/> (the sightings index is built once per check) and scores with
/// <see cref="ExposureScorer"/> using the configured COCOA exposure and risk-calculation configurations.
/// </summary>
internal sealed class MatcherEvaluator(CocoaExposureConfiguration configuration, CocoaRiskCalculationConfiguration riskConfiguration) : IExposureEvaluator
{
    public IExposureEvaluation Begin(IReadOnlyList<SightingRecord> sightings, IReadOnlyList<ScanRecord> scans, int rssiCorrectionDb, DateTimeOffset now)
    {
        var matcher = new ExposureMatcher(
            sightings.Select(s => new Sighting(s.SeenAt, s.Rpi, s.Aem, s.Rssi)),
            new MatchOptions { RssiCorrectionDb = rssiCorrectionDb });
        long[] scanTimes = scans.Select(s => s.StartedAt.ToUnixTimeSeconds()).ToArray();
        return new Evaluation(matcher, scanTimes, configuration, riskConfiguration, now);
    }

    private sealed class Evaluation(
        ExposureMatcher matcher,
        long[] scanTimes,
        CocoaExposureConfiguration configuration,
        CocoaRiskCalculationConfiguration riskConfiguration,
        DateTimeOffset now) : IExposureEvaluation
    {
        public async Task<IReadOnlyList<ExposureDayRecord>> EvaluateAsync(IAsyncEnumerable<DiagnosisKey> keys, CancellationToken cancellationToken)
        {
            MatchResult matches = await matcher.MatchAsync(keys, progress: null, cancellationToken).ConfigureAwait(false);
            if (matches.Matches.Count == 0)
            {
                return [];
            }

            ExposureScoringResult scoring = ExposureScorer.Score(matches.Matches, scanTimes, configuration, riskConfiguration, now);
            return scoring.Risk
                .Select(r => new ExposureDayRecord(r.Date, r.IsHighRisk, r.ScoreSum, r.SecondsSinceLastScanSum, Notified: false))
                .ToList();
        }
    }
}
