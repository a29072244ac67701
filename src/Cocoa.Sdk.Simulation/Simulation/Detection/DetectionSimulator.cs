using Cocoa.Sdk.Ble;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Matching;
using Cocoa.Sdk.Risk;

namespace Cocoa.Sdk.Simulation.Detection;

/// <summary>
/// Estimates how often a contact is detected by running the SDK's real pipeline on simulated radio traffic: the sender derives
/// RPIs and AEMs from a random TEK and rotates them as the runtime does; every advertisement that falls into one of the
/// receiver's scan windows is encoded as BLE advertising data, given an RSSI from the <see cref="DetectionModel"/>, dropped
/// when weaker than the receiver's sensitivity, decoded and stored as a sighting; the published key is matched with
/// <see cref="ExposureMatcher"/>, and each <see cref="DetectionRule"/> turns the matches into windows, summaries and a decision.
/// </summary>
/// <remarks>
/// <para>Trials are independent: each has its own random stream derived from the study seed, the pair index and the trial
/// index (not from the scenario), so a study is deterministic for a seed whatever the number of threads, and studies of different
/// scenarios use common random numbers. One key is matched per trial, against that trial's sightings only.</para>
/// </remarks>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed class DetectionSimulator
{
    /// <summary>The UTC day every simulated contact happens on (any day works; a fixed one keeps runs reproducible).</summary>
    public static readonly DateOnly ContactDay = new(2021, 12, 1);

    private const int HistogramBins = 256;

    /// <summary>Creates a simulator.</summary>
    /// <param name="model">The radio model, or <see langword="null"/> for <see cref="DetectionModel.Default"/>.</param>
    /// <exception cref="ArgumentException">The model's timing is unusable.</exception>
    public DetectionSimulator(DetectionModel? model = null)
    {
        Model = model ?? DetectionModel.Default;
        Model.Timing.Validate();
    }

    /// <summary>Gets the radio model.</summary>
    public DetectionModel Model { get; }

    /// <summary>Gets the random seed of one trial of a study.</summary>
    /// <param name="studySeed">The study seed.</param>
    /// <param name="pairIndex">The pair's index in the study.</param>
    /// <param name="trialIndex">The trial's index within the pair.</param>
    /// <returns>A well-mixed 64-bit seed.</returns>
    public static ulong GetTrialSeed(ulong studySeed, int pairIndex, int trialIndex) =>
        SplitMix(unchecked(SplitMix(SplitMix(studySeed) ^ (ulong)(uint)pairIndex) + (ulong)(uint)trialIndex));

    /// <summary>Runs one trial.</summary>
    /// <param name="scenario">The contact.</param>
    /// <param name="pair">The device pair; which class sends is drawn from the seed.</param>
    /// <param name="seed">The trial's seed (e.g. from <see cref="GetTrialSeed"/>).</param>
    /// <returns>What the receiving phone holds after the contact.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The scenario is out of range.</exception>
    public DetectionTrial RunTrial(ContactScenario scenario, DevicePair pair, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(pair);
        scenario.Validate();
        return RunTrialCore(scenario, pair, seed, histogram: null);
    }

    /// <summary>Runs a study on all cores.</summary>
    /// <param name="study">The study.</param>
    /// <param name="progress">Receives the number of trials completed so far, now and then (from worker threads).</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The detection counts per pair and rule.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="study"/> is null.</exception>
    /// <exception cref="ArgumentException">The study is invalid.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public DetectionEstimate Estimate(DetectionStudy study, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(study);
        study.Validate();
        int pairs = study.Pairs.Count, rules = study.Rules.Count, trials = study.TrialsPerPair;
        int[,] detected = new int[pairs, rules];
        long[,] histogram = new long[pairs, HistogramBins];
        int completed = 0;
        const int Block = 64;
        int blocksPerPair = (trials + Block - 1) / Block;
        Parallel.For(
            0,
            pairs * blocksPerPair,
            new ParallelOptions { CancellationToken = cancellationToken },
            () => (Detected: new int[pairs, rules], Histogram: new long[pairs, HistogramBins]),
            (block, _, local) =>
            {
                int p = block / blocksPerPair;
                int first = block % blocksPerPair * Block;
                int last = Math.Min(trials, first + Block);
                var bins = new long[HistogramBins];
                for (int t = first; t < last; t++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    DetectionTrial trial = RunTrialCore(study.Scenario, study.Pairs[p], GetTrialSeed(study.Seed, p, t), bins);
                    for (int r = 0; r < rules; r++)
                    {
                        if (trial.IsDetected(study.Rules[r]))
                        {
                            local.Detected[p, r]++;
                        }
                    }
                }

                for (int b = 0; b < HistogramBins; b++)
                {
                    local.Histogram[p, b] += bins[b];
                }

                progress?.Report(Interlocked.Add(ref completed, last - first));
                return local;
            },
            local =>
            {
                lock (detected)
                {
                    for (int p = 0; p < pairs; p++)
                    {
                        for (int r = 0; r < rules; r++)
                        {
                            detected[p, r] += local.Detected[p, r];
                        }

                        for (int b = 0; b < HistogramBins; b++)
                        {
                            histogram[p, b] += local.Histogram[p, b];
                        }
                    }
                }
            });

        var estimates = new PairEstimate[pairs];
        for (int p = 0; p < pairs; p++)
        {
            estimates[p] = new PairEstimate(
                study.Pairs[p],
                trials,
                [.. Enumerable.Range(0, rules).Select(r => detected[p, r])],
                [.. Enumerable.Range(0, HistogramBins).Select(b => histogram[p, b])]);
        }

        return new DetectionEstimate(study, estimates);
    }

    private DetectionTrial RunTrialCore(ContactScenario scenario, DevicePair pair, ulong seed, long[]? histogram)
    {
        // Every random draw below happens in a fixed order whatever the distance, so trials of different distances are coupled.
        var random = new Random(unchecked((int)(seed ^ (seed >> 32))));
        bool firstSends = pair.A == pair.B || random.NextDouble() < 0.5;
        DeviceClass senderClass = firstSends ? pair.A : pair.B, receiverClass = firstSends ? pair.B : pair.A;
        DeviceCalibration sender = senderClass.Sample(random), receiver = receiverClass.Sample(random);
        double txError = Model.CalibrationErrors.GetSigmas(sender.Confidence).TxSigmaDb * Gaussian.Next(random);
        double rxError = Model.CalibrationErrors.GetSigmas(receiver.Confidence).RssiSigmaDb * Gaussian.Next(random);
        double extraLoss = Model.CarryingLossDb(scenario.Position) + scenario.WallLossDb;
        RadioTiming timing = Model.Timing;

        // The contact starts at a random second between 09:00 and 10:00 UTC, so it never crosses midnight.
        long dayStart = new DateTimeOffset(ContactDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();
        double start = dayStart + (9 * 3600) + (3600 * random.NextDouble());
        double end = start + scenario.Duration.TotalSeconds;

        Span<byte> tekBytes = stackalloc byte[TemporaryExposureKey.KeyLength];
        random.NextBytes(tekBytes);
        TemporaryExposureKey tek = TemporaryExposureKey.FromBytes(tekBytes, EnIntervalNumber.FromUnixSeconds((long)start).DayStart);
        ExposureKeyDerivation.DeriveKeys(tek, out RollingProximityIdentifierKey rpik, out AssociatedEncryptedMetadataKey aemk);
        ExposureMetadata metadata = sender.CreateMetadata();

        // The sender rotates its identifier every 10–20 minutes; the last rotation before the contact is up to 20 minutes earlier.
        var rotations = new List<(double At, ExposureNotificationPayload Payload)>();
        for (double at = start - (timing.MaximumRotationInterval.TotalSeconds * random.NextDouble()); at < end;
             at += Between(random, timing.MinimumRotationInterval, timing.MaximumRotationInterval))
        {
            RollingProximityIdentifier rpi = ExposureKeyDerivation.GenerateRollingProximityIdentifier(rpik, EnIntervalNumber.FromUnixSeconds((long)Math.Floor(at)));
            rotations.Add((at, new ExposureNotificationPayload(rpi, ExposureKeyDerivation.EncryptMetadata(aemk, rpi, metadata))));
        }

        double advertisingInterval = Between(random, timing.MinimumAdvertisingInterval, timing.MaximumAdvertisingInterval);
        double advertisingPhase = advertisingInterval * random.NextDouble();

        // The receiver scans as the runtime does: 4 s every 300 s minus up to 90 s, from well before the contact to after it.
        var scanTimes = new List<long>();
        var sightings = new List<Sighting>();
        Span<byte> advertisement = stackalloc byte[ExposureNotificationAdvertisement.Length];
        int packets = 0;
        double scanDuration = timing.ScanDuration.TotalSeconds;
        for (double scan = start - (2 * timing.ScanInterval.TotalSeconds * random.NextDouble()) - timing.ScanInterval.TotalSeconds;
             scan < end + timing.ScanInterval.TotalSeconds;
             scan += timing.ScanInterval.TotalSeconds - (timing.ScanIntervalRandomRange.TotalSeconds * random.NextDouble()))
        {
            scanTimes.Add((long)Math.Floor(scan));
            double firstPacket = advertisingPhase + (Math.Ceiling((scan - advertisingPhase) / advertisingInterval) * advertisingInterval);
            for (double t = firstPacket; t < scan + scanDuration; t += advertisingInterval)
            {
                if (t < start || t >= end)
                {
                    continue;
                }

                packets++;
                double attenuation = Model.Attenuation.Sample(random, scenario.DistanceMetres) + extraLoss;
                double rssi = sender.TxPowerDbm + txError - attenuation - receiver.RssiCorrectionDb + rxError;
                if (rssi < Model.ReceiverSensitivityDbm)
                {
                    continue;
                }

                ExposureNotificationPayload payload = PayloadAt(rotations, t);
                if (!ExposureNotificationAdvertisement.TryWrite(payload, advertisement, out int written)
                    || !ExposureNotificationAdvertisement.TryDecode(advertisement[..written], out ExposureNotificationPayload heard))
                {
                    throw new InvalidOperationException("An exposure-notification advertisement did not survive encoding and decoding.");
                }

                int measured = (int)Math.Clamp(Math.Round(rssi), Attenuation.MinRssiDbm, 20);
                sightings.Add(new Sighting((long)Math.Floor(t), heard.Identifier, heard.EncryptedMetadata, measured));
            }
        }

        IReadOnlyList<KeyMatch> matches = [];
        if (sightings.Count > 0)
        {
            var matcher = new ExposureMatcher(sightings, new MatchOptions { RssiCorrectionDb = receiver.RssiCorrectionDb, MaxDegreeOfParallelism = 1 });
            matches = matcher.Match([new DiagnosisKey(tek, TransmissionRiskLevel: 4, ReportType: ReportType.ConfirmedTest, DaysSinceOnsetOfSymptoms: 0)]).Matches;
        }

        if (histogram is not null && matches.Count > 0)
        {
            foreach (ExposureWindow window in ExposureWindowBuilder.Build(matches, scanTimes, DiagnosisKeysDataMapping.CocoaProduction))
            {
                foreach (ScanInstance scan in window.ScanInstances)
                {
                    histogram[Math.Clamp(scan.TypicalAttenuationDb, 0, HistogramBins - 1)]++;
                }
            }
        }

        DateTimeOffset contactStart = DateTimeOffset.FromUnixTimeMilliseconds((long)(start * 1000));
        return new DetectionTrial(sender, receiver, packets, sightings.Count, scanTimes, matches, contactStart, contactStart.AddDays(1));
    }

    private static ExposureNotificationPayload PayloadAt(List<(double At, ExposureNotificationPayload Payload)> rotations, double time)
    {
        int i = rotations.Count - 1;
        while (i > 0 && rotations[i].At > time)
        {
            i--;
        }

        return rotations[i].Payload;
    }

    private static double Between(Random random, TimeSpan min, TimeSpan max) =>
        min.TotalSeconds + ((max - min).TotalSeconds * random.NextDouble());

    private static ulong SplitMix(ulong x)
    {
        unchecked
        {
            x += 0x9E3779B97F4A7C15UL;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            return x ^ (x >> 31);
        }
    }
}
