using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Matching;
using Cocoa.Sdk.Matching.Internal;
using Xunit;
using static Cocoa.Sdk.Tests.Matching.MatchingTestData;

namespace Cocoa.Sdk.Tests.Matching;

public sealed class ExposureMatcherTests
{
    private static readonly MatchOptions OneThread = new() { MaxDegreeOfParallelism = 1 };

    [Fact]
    public void Official_vector_sighting_matches_and_its_metadata_decrypts()
    {
        var key = new DiagnosisKey(TemporaryExposureKey.FromBytes(Convert.FromHexString("75c734c6dd1a782de7a965da5eb93125"), new EnIntervalNumber(2642976)));
        Assert.True(RollingProximityIdentifier.TryParseHex("8be6cd371c5c891604bfbe49df845096", out RollingProximityIdentifier rpi0));
        Assert.True(AssociatedEncryptedMetadata.TryParseHex("72033874", out AssociatedEncryptedMetadata aem0));
        Assert.True(RollingProximityIdentifier.TryParseHex("f431b62ecf443102ce4ed0407de54bd4", out RollingProximityIdentifier rpi143));
        Assert.True(AssociatedEncryptedMetadata.TryParseHex("1215e57e", out AssociatedEncryptedMetadata aem143));
        Sighting[] sightings =
        [
            new(TimeIn(2642976 + 143, 5), rpi143, aem143, -50),
            new(TimeIn(2642976, 30), rpi0, aem0, -40),
        ];

        MatchResult result = new ExposureMatcher(sightings, new MatchOptions { RssiCorrectionDb = 3 }).Match([key]);

        KeyMatch match = Assert.Single(result.Matches);
        Assert.Equal(2, match.Sightings.Count);
        Assert.Equal(sightings[1], match.Sightings[0].Sighting); // time order
        Assert.Equal("40080000", match.Sightings[0].Metadata.ToString());
        Assert.Equal(2642976u, match.Sightings[0].IdentifierInterval.Value);
        Assert.Equal(8 - (-40 + 3), match.Sightings[0].AttenuationDb);
        Assert.Equal(2643119u, match.Sightings[1].IdentifierInterval.Value);
        Assert.Equal(8 - (-50 + 3), match.Sightings[1].AttenuationDb);
    }

    [Theory]
    [InlineData(-13, false)]
    [InlineData(-12, true)]
    [InlineData(0, true)]
    [InlineData(12, true)]
    [InlineData(13, false)]
    public void Sighting_must_be_within_twelve_intervals_of_its_rpi(int offset, bool expected)
    {
        var random = new Random(1);
        DiagnosisKey key = RandomKey(random, BaseDay);
        uint interval = BaseDay + 70;
        Sighting sighting = SightingOf(key, interval, TimeIn((uint)(interval + offset), offset < 0 ? 599 : 0));

        MatchResult fast = new ExposureMatcher([sighting], OneThread).Match([key]);
        MatchResult naive = ReferenceMatcher.Match([key], [sighting]);

        Assert.Equal(expected, fast.Matches.Count == 1);
        Assert.Equal(Describe(naive), Describe(fast));
    }

    [Fact]
    public void Identifiers_beyond_a_short_rolling_period_do_not_match()
    {
        var random = new Random(2);
        DiagnosisKey key = RandomKey(random, BaseDay, period: 10);
        Sighting inside = SightingOf(key, BaseDay + 9, TimeIn(BaseDay + 9));
        Sighting beyond = SightingOf(key, BaseDay + 10, TimeIn(BaseDay + 10));

        MatchResult result = new ExposureMatcher([inside, beyond], OneThread).Match([key]);

        Assert.Equal([inside], Assert.Single(result.Matches).Sightings.Select(s => s.Sighting));
    }

    [Fact]
    public void Keys_outside_the_sightings_time_range_are_skipped_and_duplicates_reported_once()
    {
        var random = new Random(3);
        DiagnosisKey near = RandomKey(random, BaseDay);
        DiagnosisKey early = RandomKey(random, BaseDay - (3 * 144));
        DiagnosisKey late = RandomKey(random, BaseDay + (3 * 144));
        Sighting sighting = SightingOf(near, BaseDay + 1, TimeIn(BaseDay + 1));

        MatchResult result = new ExposureMatcher([sighting], OneThread).Match([early, near, late, near]);

        Assert.Equal(4, result.KeysProcessed);
        Assert.Equal(2, result.KeysSkipped);
        KeyMatch match = Assert.Single(result.Matches);
        Assert.Equal(1, match.InputIndex);
    }

    [Fact]
    public void Replayed_identifier_far_from_its_interval_is_not_matched()
    {
        var random = new Random(4);
        DiagnosisKey key = RandomKey(random, BaseDay);
        Sighting original = SightingOf(key, BaseDay + 5, TimeIn(BaseDay + 5));
        Sighting replay = original with { UnixSeconds = TimeIn(BaseDay + 5 + 30) };

        MatchResult result = new ExposureMatcher([original, replay], OneThread).Match([key]);

        Assert.Equal([original], Assert.Single(result.Matches).Sightings.Select(s => s.Sighting));
    }

    [Fact]
    public async Task Async_parallel_and_cached_file_runs_agree_with_the_synchronous_run()
    {
        var random = new Random(5);
        DiagnosisKey[] keys = [.. Enumerable.Range(0, 3000).Select(i => RandomKey(random, BaseDay + (uint)(144 * (i % 3))))];
        Sighting[] sightings = [.. Enumerable.Range(0, 40).Select(i => SightingOf(keys[i * 71], keys[i * 71].Key.RollingStartIntervalNumber.Value + 7, TimeIn(keys[i * 71].Key.RollingStartIntervalNumber.Value + 8)))];
        var matcher1 = new ExposureMatcher(sightings, new MatchOptions { MaxDegreeOfParallelism = 1, ChunkSize = 100 });
        var matcher2 = new ExposureMatcher(sightings, new MatchOptions { MaxDegreeOfParallelism = 2, ChunkSize = 37 });
        var reports = new List<MatchProgress>();

        MatchResult sync = matcher1.Match(keys, new SynchronousProgress(reports));
        MatchResult parallel = matcher2.Match(keys);
        MatchResult async = await matcher2.MatchAsync(keys.ToAsyncEnumerable());

        Assert.Equal(40, sync.Matches.Count);
        Assert.Equal(Describe(ReferenceMatcher.Match(keys, sightings)), Describe(sync));
        Assert.Equal(Describe(sync), Describe(parallel));
        Assert.Equal(Describe(sync), Describe(async));
        Assert.Equal(3000, reports[^1].KeysProcessed);
        Assert.Equal(40, reports[^1].KeysMatched);
    }

    [Fact]
    public async Task Cancellation_stops_both_entry_points()
    {
        var random = new Random(6);
        DiagnosisKey[] keys = [.. Enumerable.Range(0, 100).Select(_ => RandomKey(random, BaseDay))];
        var matcher = new ExposureMatcher([SightingOf(keys[0], BaseDay, TimeIn(BaseDay))]);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        Assert.ThrowsAny<OperationCanceledException>(() => matcher.Match(keys, cancellationToken: cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => matcher.MatchAsync(keys.ToAsyncEnumerable(), cancellationToken: cts.Token));
    }

    [Fact]
    public async Task Errors_of_the_key_stream_surface_unchanged()
    {
        var matcher = new ExposureMatcher([Noise(new Random(7), TimeIn(BaseDay))], new MatchOptions { MaxDegreeOfParallelism = 2 });

        Assert.Throws<InvalidDataException>(() => matcher.Match(Failing()));
        await Assert.ThrowsAsync<InvalidDataException>(() => matcher.MatchAsync(Failing().ToAsyncEnumerable()));

        static IEnumerable<DiagnosisKey> Failing()
        {
            yield return RandomKey(new Random(8), BaseDay);
            throw new InvalidDataException("corrupt file");
        }
    }

    [Theory]
    [InlineData(ProbeKind.Scalar)]
    [InlineData(ProbeKind.Avx2)]
    [InlineData(ProbeKind.Avx512)]
    internal void A_dense_filter_with_false_positives_still_matches_exactly(ProbeKind probe)
    {
        var random = new Random(10);
        DiagnosisKey[] keys = [.. Enumerable.Range(0, 300).Select(i => RandomKey(random, BaseDay + (uint)(144 * (i % 2)), period: 100 + (i % 45)))];
        var sightings = new List<Sighting>();
        for (int i = 0; i < 30_000; i++)
        {
            sightings.Add(Noise(random, TimeIn(BaseDay + (uint)random.Next(288), random.Next(600))));
        }

        for (int i = 0; i < 300; i += 7)
        {
            uint interval = keys[i].Key.RollingStartIntervalNumber.Value + (uint)(i % 144);
            sightings.Add(SightingOf(keys[i], interval, TimeIn(interval, i)));
        }

        MatchResult fast = new ExposureMatcher(sightings, OneThread) { Probe = probe }.Match(keys);

        Assert.NotEmpty(fast.Matches);
        Assert.Equal(Describe(ReferenceMatcher.Match(keys, sightings)), Describe(fast));
    }

    [Fact]
    public void Negative_sighting_times_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExposureMatcher([Noise(new Random(9), -1)]));
    }

    private sealed class SynchronousProgress(List<MatchProgress> reports) : IProgress<MatchProgress>
    {
        private readonly Lock _lock = new();

        public void Report(MatchProgress value)
        {
            lock (_lock)
            {
                reports.Add(value);
            }
        }
    }
}
