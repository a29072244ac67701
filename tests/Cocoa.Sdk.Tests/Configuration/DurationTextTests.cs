using Cocoa.Sdk.Configuration;
using FsCheck;
using FsCheck.Xunit;
using Xunit;

namespace Cocoa.Sdk.Tests.Configuration;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("01:00:00", 3600)]
    [InlineData("1.00:00:00", 86400)]
    [InlineData("00:00:00", 0)]
    [InlineData("60m", 3600)]
    [InlineData("2h", 7200)]
    [InlineData("90s", 90)]
    [InlineData("1d", 86400)]
    [InlineData("250ms", 0.25)]
    [InlineData("1.5h", 5400)]
    [InlineData(" 15m ", 900)]
    public void Accepted_forms(string text, double seconds)
    {
        Assert.True(DurationText.TryParse(text, out TimeSpan value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("h")]
    [InlineData("2 hours")]
    [InlineData("-5m")]
    [InlineData("-01:00:00")]
    [InlineData("5")]
    [InlineData("1e3s")]
    [InlineData("99999999999999999999d")]
    [InlineData("NaNs")]
    [InlineData("two hours")]
    public void Refused_forms(string text) => Assert.False(DurationText.TryParse(text, out _));

    [Property]
    public bool Never_throws_and_never_yields_a_negative_duration(string text) =>
        !DurationText.TryParse(text ?? "", out TimeSpan value) || value >= TimeSpan.Zero;
}
