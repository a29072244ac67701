using Cocoa.Sdk.Verification;
using FsCheck.Xunit;
using Xunit;

namespace Cocoa.Sdk.Tests.Verification;

public class ProcessingNumberTests
{
    [Theory]
    [InlineData("12345678", true)]
    [InlineData("00000000", true)]
    [InlineData("1234567", false)]
    [InlineData("123456789", false)]
    [InlineData("1234 678", false)]
    [InlineData("１２３４５６７８", false)]
    [InlineData("abcdefgh", false)]
    [InlineData("", false)]
    public void TryParse_AcceptsExactlyEightAsciiDigits(string text, bool valid) =>
        Assert.Equal(valid, ProcessingNumber.TryParse(text, out _));

    [Theory]
    [InlineData("https://example.jp/cocoa/a/?pn=01234567", "01234567")]
    [InlineData(" 87654321 ", "87654321")]
    [InlineData("https://example.jp/cocoa/a/?x=1&pn=11112222", "11112222")]
    public void TryParseInput_AcceptsNumberOrDeepLink(string input, string expected)
    {
        Assert.True(ProcessingNumber.TryParseInput(input, out ProcessingNumber pn));
        Assert.Equal(expected, pn.Value);
    }

    [Theory]
    [InlineData("http://example.jp/cocoa/a/?pn=01234567")]
    [InlineData("https://example.jp/other/?pn=01234567")]
    [InlineData("https://example.jp/cocoa/a/?pn=0123456")]
    [InlineData("https://example.jp/cocoa/a/?pn=01234567&pn=01234567")]
    [InlineData(null)]
    public void TryParseInput_RejectsOtherLinks(string? input) =>
        Assert.False(ProcessingNumber.TryParseInput(input, out _));

    [Fact]
    public void Generate_IsEightDigits_AndDeepLinkRoundTrips()
    {
        for (int i = 0; i < 1000; i++)
        {
            ProcessingNumber pn = ProcessingNumber.Generate();
            Assert.True(ProcessingNumber.IsValidFormat(pn.Value));
            Assert.True(ProcessingNumber.TryParseInput(pn.ToDeepLink("cocoa.example.jp").ToString(), out ProcessingNumber back));
            Assert.Equal(pn, back);
            Assert.DoesNotContain(pn.Value, pn.ToString(), StringComparison.Ordinal);
        }
    }

    [Property]
    public bool TryParseInput_NeverThrows(string? text)
    {
        _ = ProcessingNumber.TryParseInput(text, out _);
        return true;
    }
}
