using System.Collections.Immutable;
using System.Globalization;
using Lbdn.Generators.Diagnostics;
using Lbdn.Generators.Models;
using Lbdn.Generators.Rules;

namespace Lbdn.Generators.Verification;

/// <summary>The bound and shape algebra over a <see cref="NetworkModel"/>; shared by the generator and the analyzer.</summary>
public static class NetworkVerifier
{
    private static readonly string GammaParameter = typeof(LipschitzNetAttribute).GetConstructors().Single().GetParameters()[0].Name;

    /// <summary>Verifies <paramref name="network"/>; a malformed declaration yields neither plan nor findings.</summary>
    public static VerificationResult Verify(NetworkModel network)
    {
        if (network.IsMalformed)
        {
            return new VerificationResult(null, ImmutableArray<Finding>.Empty);
        }

        var findings = new List<Finding>();
        var netAttribute = network.NetAttributeIndex;
        if (!network.IsPartial)
        {
            findings.Add(Finding.Of(DiagnosticDescriptors.NotPartial, DiagnosticTarget.Attribute(netAttribute), network.SimpleName));
        }

        var gammaValid = network.Gamma > 0 && !double.IsInfinity(network.Gamma);
        var gammaTarget = DiagnosticTarget.Constructor(netAttribute, 0, GammaParameter);
        if (!gammaValid)
        {
            findings.Add(Finding.Of(DiagnosticDescriptors.InvalidGamma, gammaTarget, Format(network.Gamma)));
        }

        var input = CheckInputs(network, findings);
        var layers = CheckLayers(network, input, findings);
        CheckNames(network, layers, findings);

        var bounds = layers.Select(l => l.Check.Bound).ToList();
        if (findings.Any(IsError) || input is null || bounds.Any(b => b is null))
        {
            return new VerificationResult(null, findings.ToImmutableArray());
        }

        var product = bounds.Aggregate(1.0, (p, b) => p * b!.Value);
        var composition = string.Join(" x ", bounds.Select(b => Format(b!.Value))) + " = " + Format(product);
        if (product == 0 || double.IsInfinity(product))
        {
            findings.Add(Finding.Of(
                DiagnosticDescriptors.UnprovableLayer,
                DiagnosticTarget.Attribute(netAttribute),
                "The network",
                "its layer bounds compose to " + composition + ", outside the range of double"));
            return new VerificationResult(null, findings.ToImmutableArray());
        }

        if (!network.AutoScale && product > network.Gamma)
        {
            findings.Add(Finding.Of(DiagnosticDescriptors.BoundExceedsGamma, gammaTarget, composition, Format(network.Gamma)));
            return new VerificationResult(null, findings.ToImmutableArray());
        }

        // Only warnings remain: the network is generated and they are still reported.
        return new VerificationResult(Plan(network, input, layers, product), findings.ToImmutableArray());
    }

    private static bool IsError(Finding finding) => finding.Descriptor.DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error;

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static Shape? CheckInputs(NetworkModel network, List<Finding> findings)
    {
        if (network.Inputs.Count == 0)
        {
            findings.Add(Finding.Of(
                DiagnosticDescriptors.InputDeclaration, DiagnosticTarget.Attribute(network.NetAttributeIndex), "The network has no [Input]"));
            return null;
        }

        foreach (var duplicate in network.Inputs.Skip(1))
        {
            findings.Add(Finding.Of(
                DiagnosticDescriptors.InputDeclaration, DiagnosticTarget.Attribute(duplicate.AttributeIndex), "[Input] is declared more than once"));
        }

        var input = network.Inputs[0];
        if (input.AfterLayer)
        {
            findings.Add(Finding.Of(
                DiagnosticDescriptors.InputDeclaration, DiagnosticTarget.Attribute(input.AttributeIndex), "[Input] comes after a layer"));
        }

        var shape = new Shape(input.Shape.Select(d => (long)d).ToEquatableArray());
        if (input.Shape.Any(d => d <= 0))
        {
            findings.Add(Finding.Of(
                DiagnosticDescriptors.ShapeMismatch,
                DiagnosticTarget.Attribute(input.AttributeIndex),
                "[Input]",
                shape.ToString(),
                "every dimension must be positive"));
            return null;
        }

        return shape;
    }

    private static List<(LayerModel Layer, string Name, Shape? Input, LayerCheck Check)> CheckLayers(
        NetworkModel network, Shape? input, List<Finding> findings)
    {
        var checks = new List<(LayerModel, string, Shape?, LayerCheck)>();
        var shape = input;
        var imageNetwork = input is { IsImage: true };
        (LayerModel Layer, string Description, Shape Received)? undeclared = null;
        for (var i = 0; i < network.Layers.Count; i++)
        {
            var layer = network.Layers[i];
            var description = LayerRules.Describe(layer, i + 1);
            if (undeclared is { } user)
            {
                findings.Add(UnknownShape(user, description));
                undeclared = null;
            }

            var check = LayerRules.Check(layer, i + 1, shape, imageNetwork);
            findings.AddRange(check.Findings);
            checks.Add((layer, LayerNames.Of(layer, i + 1), shape, check));
            // A [Layer] already in error (LBDN004) gets no second error for its shape.
            if (layer is { Module: not null, OutputShape: null } && shape is not null && !check.Findings.Any(IsError))
            {
                undeclared = (layer, description, shape);
            }

            shape = check.Output;
        }

        if (undeclared is { } last)
        {
            findings.Add(UnknownShape(last, "the network's Description (every stage's shapes)"));
        }

        return checks;
    }

    // The shape after a [Layer] without OutputShape is unknown, and every later stage is built and described from it.
    private static Finding UnknownShape((LayerModel Layer, string Description, Shape Received) user, string needer) => Finding.Of(
        DiagnosticDescriptors.UnknownShape,
        DiagnosticTarget.Attribute(user.Layer.AttributeIndex),
        user.Description,
        user.Layer.Module!.ShortName,
        needer,
        user.Received.ToString());

    private static void CheckNames(
        NetworkModel network, List<(LayerModel Layer, string Name, Shape? Input, LayerCheck Check)> layers, List<Finding> findings)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        if (network.AutoScale)
        {
            taken.Add(LayerNames.InputScale);
            taken.Add(LayerNames.OutputScale);
        }

        // Generated names first (they are distinct), so that a collision is reported on the explicit Name.
        foreach (var (layer, name, _, _) in layers.OrderBy(l => l.Layer.Name is not null))
        {
            var problem = LayerNames.Problem(name, network.SimpleName) ?? (taken.Add(name) ? null : "is used by another layer");
            if (problem is not null)
            {
                var target = layer.Name is null
                    ? DiagnosticTarget.Attribute(layer.AttributeIndex)
                    : DiagnosticTarget.Property(layer.AttributeIndex, "Name");
                findings.Add(Finding.Of(DiagnosticDescriptors.LayerName, target, name, problem));
            }
        }
    }

    private static NetworkPlan Plan(
        NetworkModel network, Shape input, List<(LayerModel Layer, string Name, Shape? Input, LayerCheck Check)> layers, double product)
    {
        var stages = new List<StagePlan>();
        var scale = Math.Sqrt(network.Gamma / product);
        if (network.AutoScale)
        {
            stages.Add(new StagePlan(LayerNames.InputScale, LayerRuleTable.Scale.Kind, null, input, input, scale));
        }

        stages.AddRange(layers.Select(l => new StagePlan(l.Name, LayerNames.Kind(l.Layer), l.Layer, l.Input!, l.Check.Output!, l.Check.Bound!.Value)));
        var output = layers.Count > 0 ? layers[layers.Count - 1].Check.Output! : input;
        if (network.AutoScale)
        {
            stages.Add(new StagePlan(LayerNames.OutputScale, LayerRuleTable.Scale.Kind, null, output, output, scale));
        }

        return new NetworkPlan(network, input, stages.ToEquatableArray(), network.AutoScale ? network.Gamma : product);
    }
}
