using Cocoa.Sdk.Verification;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Cocoa.Sdk.Tests.Verification;

public sealed class InMemoryVerificationFailureCounterTests
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(24);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_bucket_waits_until_its_oldest_counted_failure_leaves_the_window()
    {
        var counter = new InMemoryVerificationFailureCounter(_clock);
        for (int i = 0; i < 3; i++)
        {
            Assert.Null(await counter.GetRetryAfterAsync("a", 3, Window));
            await counter.RecordFailureAsync("a", 3, Window);
            _clock.Advance(TimeSpan.FromHours(1));
        }

        // Failures at 0 h, 1 h, 2 h; now 3 h: the first leaves the window at 24 h.
        Assert.Equal(TimeSpan.FromHours(21), await counter.GetRetryAfterAsync("a", 3, Window));
        Assert.Null(await counter.GetRetryAfterAsync("b", 3, Window));
        _clock.Advance(TimeSpan.FromHours(21));
        Assert.Null(await counter.GetRetryAfterAsync("a", 3, Window));
        await counter.RecordFailureAsync("a", 3, Window);
        Assert.Equal(TimeSpan.FromHours(1), await counter.GetRetryAfterAsync("a", 3, Window));
    }

    [Fact]
    public async Task Asking_changes_nothing()
    {
        var counter = new InMemoryVerificationFailureCounter(_clock);
        await counter.RecordFailureAsync("a", 2, Window);
        for (int i = 0; i < 10; i++)
        {
            Assert.Null(await counter.GetRetryAfterAsync("a", 2, Window));
        }

        await counter.RecordFailureAsync("a", 2, Window);
        Assert.Equal(Window, await counter.GetRetryAfterAsync("a", 2, Window));
    }

    [Fact]
    public async Task Memory_stays_bounded_and_eviction_only_forgets()
    {
        var counter = new InMemoryVerificationFailureCounter(_clock);
        await counter.RecordFailureAsync("victim", 1, Window);
        Assert.NotNull(await counter.GetRetryAfterAsync("victim", 1, Window));
        for (int i = 0; i < InMemoryVerificationFailureCounter.MaxBuckets + 10; i++)
        {
            await counter.RecordFailureAsync("flood-" + i, 1, Window);
        }

        // The oldest bucket was dropped: its owner may try again, nobody is blocked by the flood.
        Assert.Null(await counter.GetRetryAfterAsync("victim", 1, Window));
        Assert.NotNull(await counter.GetRetryAfterAsync("flood-" + InMemoryVerificationFailureCounter.MaxBuckets, 1, Window));
    }
}
