using Cocoa.Sdk.PortabilityChecks;

return CryptoPortabilityCheck.Run(args, Console.Out);
