using Lbdn.Generators.Emit;
using Lbdn.Generators.Parsing;
using Lbdn.Generators.Verification;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Lbdn.Generators;

/// <summary>
/// Generates a TorchSharp module for every valid [LipschitzNet] class of a project that references Lbdn.Runtime.
/// Invalid declarations, and every declaration without Lbdn.Runtime (LBDN012), produce nothing here;
/// <see cref="Diagnostics.LipschitzNetAnalyzer"/> reports them.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class LipschitzNetGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var plans = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeNames.LipschitzNet,
                static (node, _) => node is ClassDeclarationSyntax,
                static (attributeContext, cancellationToken) =>
                    NetworkParser.Parse((INamedTypeSymbol)attributeContext.TargetSymbol, cancellationToken))
            .WithTrackingName(TrackingNames.Networks)
            .Select(static (network, _) => network is null ? null : NetworkVerifier.Verify(network).Plan)
            .WithTrackingName(TrackingNames.Plans)
            .Where(static plan => plan is not null)
            .WithTrackingName(TrackingNames.ValidPlans)
            .Combine(context.CompilationProvider.Select(static (compilation, _) => RuntimeReference.IsPresent(compilation)))
            .Where(static pair => pair.Right)
            .Select(static (pair, _) => pair.Left)
            .WithTrackingName(TrackingNames.Emitted);

        context.RegisterSourceOutput(plans, static (output, plan) =>
            output.AddSource(NetworkEmitter.HintName(plan!), SourceText.From(NetworkEmitter.Emit(plan!), System.Text.Encoding.UTF8)));
    }
}
