using System.Reflection;
using System.Runtime.CompilerServices;
using Xunit;

namespace Cocoa.Sdk.Tests.Api;

/// <summary>
/// The rules every package's public surface keeps (the surface itself is tracked in each project's PublicAPI.*.txt):
/// value types are immutable, no public field is mutable, every public async method takes a CancellationToken, and
/// getters are reads — a <c>Get…</c> method is synchronous, or one of the few listed reads that wait on I/O.
/// </summary>
public sealed class PublicApiRulesTests
{
    private static readonly Assembly[] Packages =
    [
        typeof(Cocoa.Sdk.Crypto.TemporaryExposureKey).Assembly,            // Cocoa.Sdk
        typeof(Cocoa.Sdk.Runtime.ExposureNotificationClient).Assembly,     // Cocoa.Sdk.Device
        typeof(Cocoa.Sdk.Verification.ProcessingNumberHasher).Assembly,    // Cocoa.Sdk.Server
        typeof(Cocoa.Sdk.Simulation.SimulatedAir).Assembly,                // Cocoa.Sdk.Simulation
    ];

    /// <summary>Get… methods that return a task: each is a read whose answer comes over the network or from a file, and changes nothing.</summary>
    private static readonly HashSet<string> AsyncReads = new(StringComparer.Ordinal)
    {
        // How long a caller stays refused: read from the server's database when the counter is shared by instances.
        "Cocoa.Sdk.Verification.IVerificationFailureCounter.GetRetryAfterAsync",
        "Cocoa.Sdk.Verification.InMemoryVerificationFailureCounter.GetRetryAfterAsync",
        "Cocoa.Sdk.Verification.SqlVerificationFailureCounter.GetRetryAfterAsync",
    };

    public static TheoryData<string> PackageNames => [.. Packages.Select(a => a.GetName().Name!)];

    private static IEnumerable<Type> PublicTypes(string package) =>
        Packages.Single(a => a.GetName().Name == package).GetExportedTypes();

    [Fact]
    public void The_four_packages_are_separate_assemblies() => Assert.Equal(4, Packages.Distinct().Count());

    [Theory]
    [MemberData(nameof(PackageNames))]
    public void Public_value_types_are_immutable(string package)
    {
        var mutable = PublicTypes(package)
            .Where(t => t.IsValueType && !t.IsEnum && !t.IsDefined(typeof(IsReadOnlyAttribute), inherit: false))
            .Select(t => t.FullName)
            .ToList();
        Assert.True(mutable.Count == 0, "mutable public structs: " + string.Join(", ", mutable));
    }

    [Theory]
    [MemberData(nameof(PackageNames))]
    public void No_public_field_is_mutable(string package)
    {
        var fields = PublicTypes(package)
            .Where(t => !t.IsEnum)
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(f => !f.IsLiteral && !f.IsInitOnly)
            .Select(f => $"{f.DeclaringType!.FullName}.{f.Name}")
            .ToList();
        Assert.True(fields.Count == 0, "mutable public fields: " + string.Join(", ", fields));
    }

    [Theory]
    [MemberData(nameof(PackageNames))]
    public void Every_public_async_method_takes_a_cancellation_token(string package)
    {
        var missing = PublicMethods(package)
            .Where(m => IsAsync(m.ReturnType) && m.Name != nameof(IAsyncDisposable.DisposeAsync))
            .Where(m => !m.GetParameters().Any(p => p.ParameterType == typeof(CancellationToken)))
            .Select(Describe)
            .ToList();
        Assert.True(missing.Count == 0, "async methods without a CancellationToken: " + string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(PackageNames))]
    public void Getters_are_reads(string package)
    {
        var suspicious = PublicMethods(package)
            .Where(m => m.Name.StartsWith("Get", StringComparison.Ordinal) && IsAsync(m.ReturnType) && !AsyncReads.Contains(Describe(m)))
            .Select(Describe)
            .ToList();
        Assert.True(suspicious.Count == 0, "asynchronous Get… methods (make them synchronous reads, or name the operation): " + string.Join(", ", suspicious));
    }

    private static IEnumerable<MethodInfo> PublicMethods(string package) =>
        PublicTypes(package).SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => !m.IsSpecialName);

    private static bool IsAsync(Type type) =>
        typeof(Task).IsAssignableFrom(type) || type == typeof(ValueTask) || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>))
        || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>));

    private static string Describe(MethodInfo m) => $"{m.DeclaringType!.FullName}.{m.Name}";
}
