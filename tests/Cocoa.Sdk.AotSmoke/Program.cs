// Native AOT smoke test: exercises the SDK paths an ahead-of-time compiled app (iOS) uses, with known answers.
// Exit code 0 when every check passes; prints one line per check.

using Cocoa.Sdk.AotSmoke;

// A native AOT publish compiles the SDK into the executable: no managed Cocoa.Sdk.dll sits beside it.
bool isNativeAot = !File.Exists(Path.Combine(AppContext.BaseDirectory, "Cocoa.Sdk.dll"));
Console.WriteLine($"Cocoa.Sdk AOT smoke: native AOT = {isNativeAot}, {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}");
if (args.Contains("--require-aot") && !isNativeAot)
{
    Console.Error.WriteLine("FAIL: --require-aot given, but this is not a native AOT build");
    return 1;
}

var checks = new SmokeChecks(Path.Combine(AppContext.BaseDirectory, "TestData"));
return await checks.RunAsync().ConfigureAwait(false) ? 0 : 1;
