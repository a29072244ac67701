using Cocoa.Sdk.Simulation.Detection;

namespace Cocoa.EndToEnd.Tests.DocSamples;

// The code block of docs/detection.md, compiled (DocSnippetTests checks the guide quotes it verbatim).
#pragma warning disable CA1305
internal static class DetectionDocsSamples
{
    /// <summary>docs/detection.md, "Using the model from code".</summary>
    public static void EstimateFromCode()
    {
        var simulator = new DetectionSimulator();
        var study = new DetectionStudy(
            new ContactScenario(DistanceMetres: 1.0, Duration: TimeSpan.FromMinutes(15)),
            DevicePair.Japan(),
            [DetectionRule.CocoaV2, DetectionRule.AttenuationCut(63)],
            TrialsPerPair: 1000,
            Seed: 1);
        DetectionEstimate estimate = simulator.Estimate(study);
        Console.WriteLine($"COCOA v2: {estimate.GetRate(0):P1}; 15 min at or under 63 dB: {estimate.GetRate(1):P1}");
        foreach (PairEstimate pair in estimate.Pairs)
        {
            Console.WriteLine($"{pair.Pair.Name}: {pair.GetRate(0):P1} (share {pair.Pair.Share:P1})");
        }
    }
}
