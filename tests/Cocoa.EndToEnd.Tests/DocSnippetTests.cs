using System.Text.RegularExpressions;
using Cocoa.TestInfrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace Cocoa.EndToEnd.Tests;

/// <summary>
/// Every C# code block in the docs is compiled. A block is either quoted verbatim (whitespace aside) from code this
/// solution compiles — the app sample or <c>DocSamples/</c>, with its <c>using</c> directives present in the same file —
/// or it is platform code (Android, iOS, MAUI, Plugin.BLE) that only a mobile build can compile, which must at least
/// parse without a syntax error, or it is an outline of an API's signatures (declarations without bodies), whose every
/// type and member must exist in the SDK.
/// </summary>
public sealed partial class DocSnippetTests
{
    /// <summary>Types and namespaces that exist only in a mobile build.</summary>
    private static readonly string[] PlatformMarkers =
    [
        "using Android", "using AndroidX", "using Plugin.BLE", "using Microsoft.Maui", "using UIKit", "using BackgroundTasks",
        "using Foundation", "using CoreBluetooth", "MauiApp", "FileSystem.AppDataDirectory", "DeviceInfo.",
        "AndroidBleAdvertiser", "PluginBleScanner",
    ];

    public static TheoryData<string> Blocks()
    {
        var data = new TheoryData<string>();
        foreach (Snippet snippet in Snippets())
        {
            data.Add(snippet.Name);
        }

        return data;
    }

    [Fact]
    public void The_docs_have_code_blocks_and_the_app_guide_quotes_the_sample()
    {
        IReadOnlyList<Snippet> snippets = Snippets();
        Assert.Contains(snippets, s => s.Name.StartsWith("docs/app-developers.md", StringComparison.Ordinal) && !s.IsPlatformCode);
        Assert.Contains(snippets, s => s.Name.StartsWith("docs/app-developers.md", StringComparison.Ordinal) && s.IsPlatformCode);
        Assert.True(snippets.Count >= 10, $"only {snippets.Count} blocks found");
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Each_code_block_compiles(string name)
    {
        Snippet snippet = Snippets().Single(s => s.Name == name);
        if (snippet.IsPlatformCode)
        {
            SyntaxTree tree = CSharpSyntaxTree.ParseText(snippet.Code, new CSharpParseOptions(LanguageVersion.Preview));
            Diagnostic[] errors = tree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
            Assert.True(errors.Length == 0, $"{name} does not parse: {string.Join("; ", errors.Select(e => e.ToString()))}");
            return;
        }

        if (IsOutline(snippet.Code, out CompilationUnitSyntax? outline))
        {
            AssertOutlineExists(name, outline!);
            return;
        }

        (IReadOnlyList<string> usings, string body) = SplitUsings(snippet.Code);
        string wanted = Normalize(body);
        string? file = CompiledSources().FirstOrDefault(f => Normalize(File.ReadAllText(f)).Contains(wanted, StringComparison.Ordinal));
        Assert.True(file is not null,
            $"{name} is not quoted from compiled code: copy it into tests/Cocoa.EndToEnd.Tests/DocSamples (or quote the sample exactly).\n{snippet.Code}");
        string fileText = File.ReadAllText(file!);
        foreach (string directive in usings)
        {
            Assert.True(fileText.Contains(directive, StringComparison.Ordinal), $"{name}: {Path.GetFileName(file)} lacks '{directive}'");
        }
    }

    [Fact]
    public void A_changed_block_would_be_caught()
    {
        Snippet real = Snippets().First(s => !s.IsPlatformCode);
        string altered = Normalize(SplitUsings(real.Code).Body).Replace(";", "; Console.WriteLine();", StringComparison.Ordinal);
        Assert.DoesNotContain(CompiledSources(), f => Normalize(File.ReadAllText(f)).Contains(altered, StringComparison.Ordinal));
        Assert.NotEmpty(CSharpSyntaxTree.ParseText("public class { void", new CSharpParseOptions(LanguageVersion.Preview)).GetDiagnostics());
    }

    /// <summary>A block of type declarations whose members have no bodies: a listing of signatures.</summary>
    private static bool IsOutline(string code, out CompilationUnitSyntax? unit)
    {
        SyntaxTree tree = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Preview));
        unit = tree.GetCompilationUnitRoot();
        if (tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error)
            || unit.Members.OfType<GlobalStatementSyntax>().Any())
        {
            return false;
        }

        List<TypeDeclarationSyntax> types = unit.DescendantNodes().OfType<TypeDeclarationSyntax>().ToList();
        return types.Count > 0
            && types.SelectMany(t => t.Members).OfType<BaseMethodDeclarationSyntax>().All(m => m.Body is null && m.ExpressionBody is null)
            && types.SelectMany(t => t.Members).OfType<PropertyDeclarationSyntax>().All(p =>
                p.ExpressionBody is null && (p.AccessorList?.Accessors.All(a => a.Body is null && a.ExpressionBody is null) ?? true));
    }

    private static void AssertOutlineExists(string name, CompilationUnitSyntax unit)
    {
        const System.Reflection.BindingFlags All = System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic
            | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Instance;
        System.Reflection.Assembly[] packages =
        [
            typeof(Cocoa.Sdk.Crypto.TemporaryExposureKey).Assembly, typeof(Cocoa.Sdk.Runtime.ExposureNotificationClient).Assembly,
            typeof(Cocoa.Sdk.Verification.ProcessingNumberHasher).Assembly, typeof(Cocoa.Sdk.Simulation.SimulatedAir).Assembly,
        ];
        foreach (TypeDeclarationSyntax type in unit.DescendantNodes().OfType<TypeDeclarationSyntax>())
        {
            string? ns = type.Ancestors().OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Name.ToString();
            string fullName = ns is null ? type.Identifier.Text : $"{ns}.{type.Identifier.Text}";
            Type? real = packages.Select(a => a.GetType(fullName)).FirstOrDefault(t => t is not null);
            Assert.True(real is not null, $"{name}: the outline names {fullName}, which no Cocoa.Sdk package has");
            foreach (MemberDeclarationSyntax member in type.Members)
            {
                string? memberName = member switch
                {
                    MethodDeclarationSyntax m => m.Identifier.Text,
                    PropertyDeclarationSyntax p => p.Identifier.Text,
                    _ => null,
                };
                if (memberName is not null)
                {
                    Assert.True(real!.GetMember(memberName, All).Length > 0, $"{name}: {fullName} has no member {memberName}");
                }
            }
        }
    }

    private static IReadOnlyList<Snippet> Snippets()
    {
        string root = RepositoryPaths.Root;
        IEnumerable<string> files = Directory.GetFiles(Path.Combine(root, "docs"), "*.md")
            .Append(Path.Combine(root, "README.md"))
            .Append(Path.Combine(root, "src", "Cocoa.Sdk", "README.md"))
            .Where(File.Exists)
            .Order(StringComparer.Ordinal);
        var snippets = new List<Snippet>();
        foreach (string file in files)
        {
            string text = File.ReadAllText(file).ReplaceLineEndings("\n");
            foreach (Match block in CodeBlock().Matches(text))
            {
                int line = text.AsSpan(0, block.Index).Count('\n') + 1;
                string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                string code = block.Groups["code"].Value;
                snippets.Add(new Snippet($"{relative}:{line}", code, PlatformMarkers.Any(m => code.Contains(m, StringComparison.Ordinal))));
            }
        }

        return snippets;
    }

    private static IEnumerable<string> CompiledSources()
    {
        string root = RepositoryPaths.Root;
        return new[] { Path.Combine(root, "samples", "Cocoa.Samples.App"), Path.Combine(root, "tests", "Cocoa.EndToEnd.Tests", "DocSamples") }
            .SelectMany(d => Directory.GetFiles(d, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
    }

    private static (IReadOnlyList<string> Usings, string Body) SplitUsings(string code)
    {
        string[] lines = code.Split('\n');
        var usings = new List<string>();
        int i = 0;
        for (; i < lines.Length && (UsingDirective().IsMatch(lines[i]) || string.IsNullOrWhiteSpace(lines[i])); i++)
        {
            if (!string.IsNullOrWhiteSpace(lines[i]))
            {
                usings.Add(lines[i].Trim());
            }
        }

        return (usings, string.Join('\n', lines[i..]));
    }

    private static string Normalize(string code) => Whitespace().Replace(code, " ").Trim();

    [GeneratedRegex(@"^[ \t]*```(?:csharp|cs|c#)[ \t]*\n(?<code>.*?)^[ \t]*```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"^\s*using\s+(static\s+)?([A-Za-z_][\w.]*\s*=\s*)?[A-Za-z_][\w.]*\s*;\s*$")]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private sealed record Snippet(string Name, string Code, bool IsPlatformCode);
}
