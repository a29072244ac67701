using Cocoa.Sdk.Crypto;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Cocoa.Sdk.Tests.Crypto;

public class EnIntervalNumberTests
{
    [Fact]
    public void FromUnixSeconds_OfficialVector_Is2642976()
    {
        Assert.Equal(2642976u, EnIntervalNumber.FromUnixSeconds(1585785600).Value);
        Assert.Equal(2642976u, EnIntervalNumber.FromUnixSeconds(1585785600 + 599).Value);
        Assert.Equal(2642977u, EnIntervalNumber.FromUnixSeconds(1585785600 + 600).Value);
    }

    [Fact]
    public void Now_ReadsTimeProvider()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1585785600 + 3 * 600 + 10));
        EnIntervalNumber now = EnIntervalNumber.Now(clock);
        Assert.Equal(2642979u, now.Value);
        Assert.Equal(2642976u, now.DayStart.Value);
        Assert.Equal(new DateOnly(2020, 4, 2), now.UtcDate);
    }

    [Fact]
    public void FromUnixSeconds_Negative_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EnIntervalNumber.FromUnixSeconds(-1));
}
