using System.Collections.Immutable;
using Lbdn.Generators.Parsing;
using Lbdn.Generators.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Lbdn.Generators.Diagnostics;

/// <summary>Reports the LBDN rules on [LipschitzNet] classes as the user types, with the generator's own Verify logic.</summary>
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
        context.RegisterCompilationStartAction(start =>
        {
            var runtimeReferenced = RuntimeReference.IsPresent(start.Compilation);
            start.RegisterSymbolAction(symbol => AnalyzeType(symbol, runtimeReferenced), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeType(SymbolAnalysisContext context, bool runtimeReferenced)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (NetworkParser.Parse(type, context.CancellationToken) is not { } network)
        {
            ReportLayersWithoutNetwork(context, type);
            return;
        }

        if (!runtimeReferenced)
        {
            var target = DiagnosticTarget.Attribute(network.NetAttributeIndex);
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.RuntimeMissing, TargetLocator.Locate(type, target, context.CancellationToken), network.SimpleName));
        }

        foreach (var finding in NetworkVerifier.Verify(network).Findings)
        {
            var location = TargetLocator.Locate(type, finding.Target, context.CancellationToken);
            context.ReportDiagnostic(Diagnostic.Create(finding.Descriptor, location, finding.MessageArguments.ToArray<object>()));
        }
    }

    // Layer attributes on a class without [LipschitzNet] do nothing; reported once, on the first of them.
    private static void ReportLayersWithoutNetwork(SymbolAnalysisContext context, INamedTypeSymbol type)
    {
        var attributes = type.GetAttributes();
        for (var i = 0; i < attributes.Length; i++)
        {
            if (attributes[i].AttributeClass is { } attributeClass
                && (attributeClass.DerivesFrom(AttributeNames.LayerBase) || attributeClass.MetadataName() == AttributeNames.Input))
            {
                var location = TargetLocator.Locate(type, DiagnosticTarget.Attribute(i), context.CancellationToken);
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LayersWithoutNetwork, location, type.Name));
                return;
            }
        }
    }
}
