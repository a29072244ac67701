using Cocoa.Cli;

return CocoaCli.Run(args, Console.Out, Console.Error);
