using Cocoa.Sdk.Runtime;
using Xunit;

namespace Cocoa.Sdk.Tests.Runtime;

public sealed class ExportCursorTests
{
    [Theory]
    [InlineData(0L, null, null)]
    [InlineData(1638543600000L, null, "\"abc\"")]
    [InlineData(0L, "c19r/440/12.zip", null)]
    [InlineData(long.MaxValue, "c19r/440/\"quoted\".zip", "W/\"etag\"")]
    public void A_cursor_round_trips_through_its_stored_text(long created, string? index, string? etag)
    {
        var cursor = new ExportCursor(created, index, etag);
        Assert.True(ExportCursor.TryParse(cursor.Serialize(), out ExportCursor? back));
        Assert.Equal(cursor, back);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("{\"created\":\"1\"}")]
    [InlineData("{\"created\":-1}")]
    [InlineData("{\"index\":\"x\"}")]
    public void Text_that_is_not_a_cursor_is_refused(string? text)
    {
        Assert.False(ExportCursor.TryParse(text, out ExportCursor? cursor));
        Assert.Null(cursor);
    }
}
