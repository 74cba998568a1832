using System.Collections.Immutable;
using Lbdn.Generators.Parsing;
using Lbdn.Generators.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Lbdn.Generators.Diagnostics;

/// <summary>Reports LBDN001-LBDN008 on [LipschitzNet] classes as the user types, with the generator's own Verify logic.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LipschitzNetAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = DiagnosticDescriptors.All.ToImmutableArray();

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSymbolAction(AnalyzeType, SymbolKind.NamedType);
    }

    private static void AnalyzeType(SymbolAnalysisContext context)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (NetworkParser.Parse(type, context.CancellationToken) is not { } network)
        {
            return;
        }

        foreach (var finding in NetworkVerifier.Verify(network).Findings)
        {
            var location = TargetLocator.Locate(type, finding.Target, context.CancellationToken);
            context.ReportDiagnostic(Diagnostic.Create(finding.Descriptor, location, finding.MessageArguments.ToArray<object>()));
        }
    }
}
