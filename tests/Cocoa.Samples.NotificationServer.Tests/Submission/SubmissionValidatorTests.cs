using System.Security.Cryptography;
using Cocoa.Samples.NotificationServer.Storage;
using Cocoa.Samples.NotificationServer.Submission;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Protocol;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Cocoa.Samples.NotificationServer.Tests.Submission;

public sealed class SubmissionValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 30, 0, TimeSpan.Zero);
    private static readonly uint Today = EnIntervalNumber.FromDateTimeOffset(Now).DayStart.Value;

    private static readonly NotificationServerOptions Options = new()
    {
        DataDirectory = "/tmp",
        HealthCenterUrl = new Uri("http://127.0.0.1/"),
        VerificationKey = "k",
    };

    private static readonly SubmissionValidator Validator = new(Options);

    private static SubmittedKey Key(long start, long period = 144, string? data = null, long reportType = 1) =>
        new(data ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)), start, period, reportType);

    private static SubmittedKey NullKey(long start) => new(null, start, 144, 1);

    private static DiagnosisSubmissionBody Submission(DateTimeOffset onset, params SubmittedKey[] keys) =>
        new(keys, ["440"], "android", "", "jp.go.mhlw.covid19radar", "12345678", true, onset, Guid.NewGuid().ToString());

    [Fact]
    public void Invalid_keys_are_dropped_alone_and_valid_ones_kept_as_cocoa_does()
    {
        DiagnosisSubmissionBody submission = Submission(
            Now.AddDays(-2),
            Key(Today - 144),                               // valid
            Key(Today - (15 * 144)),                        // older than 14 days
            Key(Today + 144),                               // tomorrow
            Key(Today + 6),                                 // after today's UTC midnight (COCOA rejects it)
            Key(Today - (3 * 144), period: 145),            // bad period
            Key(Today - (4 * 144), data: "AAAA"),           // 3 bytes
            Key(Today - (5 * 144), data: "not base64!"),    // not base64
            NullKey(Today - (2 * 144)),                     // null keyData
            Key(Today - (2 * 144), reportType: 5));         // revocation is not accepted from clients
        (List<StoredKey> keys, int dropped) = Validator.ValidateKeys(submission, Now);
        Assert.Equal(8, dropped);
        StoredKey kept = Assert.Single(keys);
        Assert.Equal(Today - 144, kept.RollingStart);
    }

    [Fact]
    public void A_rolling_period_of_0_is_stored_as_144_and_a_key_starting_at_todays_midnight_is_kept()
    {
        (List<StoredKey> keys, int dropped) = Validator.ValidateKeys(Submission(Now.AddDays(-2), Key(Today - 144, period: 0), Key(Today, period: 50)), Now);
        Assert.Equal(0, dropped);
        Assert.Equal([(Today - 144L, 144), (Today, 50)], keys.Select(k => (k.RollingStart, k.RollingPeriod)));
    }

    [Theory]
    [InlineData(true, -4, false)]
    [InlineData(true, -3, true)]
    [InlineData(true, 10, true)]
    [InlineData(true, 11, false)]
    [InlineData(false, -3, true)]
    [InlineData(false, 7, true)]
    [InlineData(false, 8, false)]
    public void The_infectious_window_follows_cocoa_defaults(bool hasSymptom, int daysSinceOnset, bool kept)
    {
        // The key is of 5 days ago; the onset (or test) is daysSinceOnset days before it.
        DateTimeOffset onset = Now.AddDays(-5 - daysSinceOnset);
        long start = Today - (144 * 5);
        DiagnosisSubmissionBody submission = Submission(onset, Key(start)) with { HasSymptom = hasSymptom };
        (List<StoredKey> keys, _) = Validator.ValidateKeys(submission, Now);
        Assert.Equal(kept, keys.Count == 1);
    }

    [Fact]
    public void The_infectious_window_is_configurable()
    {
        var wide = new NotificationServerOptions
        {
            DataDirectory = "/tmp", HealthCenterUrl = new Uri("http://127.0.0.1/"), VerificationKey = "k", MinDaysSinceOnset = -14, MaxDaysSinceOnset = 14,
        };
        DiagnosisSubmissionBody submission = Submission(Now.AddDays(-2), Key(Today - (6 * 144)));
        Assert.Empty(Validator.ValidateKeys(submission, Now).Keys);
        Assert.Single(new SubmissionValidator(wide).ValidateKeys(submission, Now).Keys);
    }

    [Fact]
    public void Days_since_onset_and_transmission_risk_follow_cocoa_v3()
    {
        DiagnosisSubmissionBody submission = Submission(Now.AddDays(-2), Key(Today - (5 * 144)), Key(Today - (6 * 144)), Key(Today), Key(Today - (1 * 144)));
        (List<StoredKey> keys, int dropped) = Validator.ValidateKeys(submission, Now);
        Assert.Equal(1, dropped); // −4 is outside the infectious window
        Assert.Equal([(-3, 4), (2, 4), (1, 4)], keys.Select(k => (k.DaysSinceOnset, k.TransmissionRisk)));
    }

    [Fact]
    public void Keys_outside_the_window_around_the_onset_are_dropped()
    {
        (List<StoredKey> keys, int dropped) = Validator.ValidateKeys(Submission(Now.AddDays(-20), Key(Today - 144), Key(Today - (10 * 144))), Now);
        Assert.Equal(1, dropped);
        Assert.Equal(10, Assert.Single(keys).DaysSinceOnset);
    }

    [Fact]
    public void Still_valid_keys_are_embargoed_until_their_end_plus_the_margin()
    {
        (List<StoredKey> keys, _) = Validator.ValidateKeys(Submission(Now.AddDays(-1), Key(Today), Key(Today - 144)), Now);
        long endOfToday = (Today + 144L) * 600;
        Assert.Equal(endOfToday + 7200, keys[0].AvailableAt);
        Assert.Equal(Now.ToUnixTimeSeconds(), keys[1].AvailableAt);
    }

    [Fact]
    public void A_key_is_stored_once_per_region()
    {
        var options = new NotificationServerOptions { DataDirectory = "/tmp", HealthCenterUrl = new Uri("http://127.0.0.1/"), VerificationKey = "k", Regions = ["440", "441"] };
        DiagnosisSubmissionBody submission = Submission(Now, Key(Today - 144)) with { Regions = ["440", "441", "440"] };
        Assert.Null(new SubmissionValidator(options).ValidateRequest(submission));
        (List<StoredKey> keys, _) = new SubmissionValidator(options).ValidateKeys(submission, Now);
        Assert.Equal(["440", "441"], keys.Select(k => k.Region));
    }

    [Fact]
    public void Overlap_rules_follow_the_reference_key_server()
    {
        Assert.Null(Validator.ValidateRequest(Submission(Now, Key(Today - 144), Key(Today), Key(Today, 10), Key(Today, 20))));
        Assert.NotNull(Validator.ValidateRequest(Submission(Now, Key(Today), Key(Today, 10), Key(Today, 20), Key(Today, 30))));
        Assert.NotNull(Validator.ValidateRequest(Submission(Now, Key(Today - 144), Key(Today - 100, 10))));
        Assert.Null(Validator.ValidateRequest(Submission(Now, Key(Today - 144, 10), Key(Today - 134, 10))));
        Assert.NotNull(Validator.ValidateRequest(Submission(Now, [.. Enumerable.Range(0, 31).Select(i => Key(Today - (144 * i)))])));
        Assert.NotNull(Validator.ValidateRequest(Submission(Now) with { Regions = ["441"] }));
    }

    [Property(MaxTest = 300)]
    public Property Stored_keys_are_always_within_the_published_ranges(int[] startOffsets, int[] periods, int onsetOffset)
    {
        var keys = startOffsets.Take(30).Select((offset, i) => Key((long)Today + (offset % 3000), periods.Length == 0 ? 144 : periods[i % periods.Length] % 200)).ToArray();
        DiagnosisSubmissionBody submission = Submission(Now.AddDays(onsetOffset % 40), keys);
        (List<StoredKey> stored, int dropped) = Validator.ValidateKeys(submission, Now);
        bool inRange = stored.All(k =>
            k.TransmissionRisk == 4
            && k.DaysSinceOnset is >= -3 and <= 10
            && k.RollingPeriod is >= 1 and <= 144
            && k.RollingStart >= Today - (14 * 144) && k.RollingStart <= Today
            && k.AvailableAt == Math.Max(Now.ToUnixTimeSeconds(), ((k.RollingStart + k.RollingPeriod) * 600) + 7200));
        return (inRange && stored.Count + dropped == keys.Length).Label($"stored {stored.Count}, dropped {dropped}");
    }
}
