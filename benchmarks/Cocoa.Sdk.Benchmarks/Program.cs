using BenchmarkDotNet.Running;

if (args is ["matching-cputime", ..])
{
    Cocoa.Sdk.Benchmarks.Matching.MatchingCpuTimeProbe.Run(args);
    return;
}

if (args is ["match-process", ..])
{
    Cocoa.Sdk.Benchmarks.Matching.MatchProcessProbe.Run(args);
    return;
}

if (args is ["kernel-parts", ..])
{
    Cocoa.Sdk.Benchmarks.Matching.KernelPartsProbe.Run(args);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Cocoa.Sdk.Benchmarks.BenchmarkMarker).Assembly).Run(args);

namespace Cocoa.Sdk.Benchmarks
{
    /// <summary>Anchor type for <see cref="BenchmarkSwitcher"/>.</summary>
    internal sealed class BenchmarkMarker;
}
