using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Cocoa.TestInfrastructure;

/// <summary>Something from the machine that a test class needs (see <see cref="MachineRequirement"/>).</summary>
public enum MachineDependency
{
    /// <summary>A PostgreSQL server (<see cref="PostgresTestDatabase"/>).</summary>
    Postgres,

    /// <summary>A Chromium executable (<see cref="ChromiumBrowser"/>).</summary>
    Chromium,

    /// <summary>Azurite, the Azure Storage emulator (<see cref="PrivateAzurite"/>).</summary>
    Azurite,

    /// <summary>nginx, the CDN cache in front of the exports (<see cref="PrivateNginx"/>).</summary>
    Nginx,
}

/// <summary>Marks a test class whose <see cref="MachineFactAttribute"/> tests need <paramref name="dependencies"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class RequiresAttribute(params MachineDependency[] dependencies) : Attribute
{
    /// <summary>What the class needs.</summary>
    public IReadOnlyList<MachineDependency> Dependencies { get; } = dependencies;
}

/// <summary>
/// A fact that is skipped, with one line saying how to enable it, when its class is marked <see cref="RequiresAttribute"/>
/// and that dependency is missing (a failure instead under <c>COCOA_REQUIRE_…=1</c>). The reason is appended to the display
/// name so that the default <c>dotnet test</c> output says it. Inherited facts are judged per concrete class, so a suite
/// shared by a SQLite and a PostgreSQL class skips only the PostgreSQL one.
/// </summary>
[XunitTestCaseDiscoverer("Cocoa.TestInfrastructure.MachineFactDiscoverer", "Cocoa.TestInfrastructure")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class MachineFactAttribute : FactAttribute
{
}

/// <summary>Discovers <see cref="MachineFactAttribute"/> tests.</summary>
public sealed class MachineFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    /// <inheritdoc/>
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        yield return new MachineTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
    }
}

/// <summary>A test case skipped when its class's <see cref="RequiresAttribute"/> dependency is missing.</summary>
public sealed class MachineTestCase : XunitTestCase
{
    /// <summary>For the de-serializer only.</summary>
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public MachineTestCase()
    {
    }

    /// <summary>Creates the test case.</summary>
    public MachineTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay display, TestMethodDisplayOptions displayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, display, displayOptions, testMethod)
    {
    }

    /// <inheritdoc/>
    protected override void Initialize()
    {
        base.Initialize();
        if (SkipReason is not null)
        {
            return;
        }

        IAttributeInfo? requires = TestMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresAttribute)).FirstOrDefault();
        if (requires is null)
        {
            return;
        }

        string? missing = requires.GetConstructorArguments()
            .SelectMany(argument => argument switch
            {
                MachineDependency one => [one],
                IEnumerable<MachineDependency> many => many,
                System.Collections.IEnumerable many => many.OfType<MachineDependency>(),
                _ => [],
            })
            .Select(MachineRequirement.SkipReason)
            .FirstOrDefault(reason => reason is not null);
        if (missing is not null)
        {
            SkipReason = missing;
            DisplayName = $"{DisplayName} — {missing}";
        }
    }
}
