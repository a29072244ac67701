using Cocoa.Sdk.Fuzz;
using SharpFuzz;

// Usage:
//   Cocoa.Sdk.Fuzz <target>                 run under afl-fuzz (SharpFuzz out-of-process protocol)
//   Cocoa.Sdk.Fuzz <target> --replay <dir>  run every file of a directory once (reproduce a finding without AFL;
//                                           use the ordinary build, e.g. dotnet run: instrumented code needs AFL)
//   Cocoa.Sdk.Fuzz seed <corpus dir>        (re)write the seed corpus
if (args.Length >= 2 && args[0] == "seed")
{
    SeedCorpus.Write(args[1]);
    return 0;
}

if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out Action<byte[]>? target))
{
    Console.Error.WriteLine($"usage: Cocoa.Sdk.Fuzz <{string.Join('|', FuzzTargets.All.Keys)}> [--replay <dir>] | seed <dir>");
    return 2;
}

if (args.Length == 3 && args[1] == "--replay")
{
    foreach (string file in Directory.GetFiles(args[2]).Order(StringComparer.Ordinal))
    {
        target(File.ReadAllBytes(file));
    }

    return 0;
}

Fuzzer.OutOfProcess.Run(stream =>
{
    using var copy = new MemoryStream();
    stream.CopyTo(copy);
    target(copy.ToArray());
});
return 0;
