using Xunit;

namespace Cocoa.Samples.HealthCenter.Tests;

/// <summary>A misspelt option or configuration key stops the health center at start-up with one line naming it.</summary>
public sealed class OptionsTests
{
    private static readonly string[] Required =
        ["--urls", "http://127.0.0.1:0", "--data-dir", "/tmp/cocoa-hc-options", "--operator-token", "0123456789abcdef0123", "--verification-key", "0123456789abcdef"];

    [Fact]
    public void An_unknown_option_is_named()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => HealthCenterApp.Build([.. Required, "--validty", "2h"]));
        Assert.Equal("--validty: unknown option (did you mean --validity?)", ex.Message);
    }

    [Fact]
    public void An_unknown_configuration_key_of_the_section_is_named()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => HealthCenterApp.Build([.. Required, "--HealthCenter:Validty=2h"]));
        Assert.Equal("HealthCenter:Validty: unknown configuration key", ex.Message);
    }
}
