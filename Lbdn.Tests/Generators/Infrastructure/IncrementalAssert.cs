using System.Collections;
using System.Reflection;
using Lbdn.Generators;
using Microsoft.CodeAnalysis;

namespace Lbdn.Tests.Generators.Infrastructure;

/// <summary>
/// The incrementality every generator test asserts: rerun on a clone of the compilation, every tracked step is Cached or
/// Unchanged and every output Cached; and no step's value holds a symbol, syntax, location or compilation.
/// </summary>
internal static class IncrementalAssert
{
    /// <summary>The generator's pipeline steps (<see cref="TrackingNames"/>).</summary>
    public static readonly string[] StepNames = [TrackingNames.Networks, TrackingNames.Plans, TrackingNames.ValidPlans, TrackingNames.Emitted];

    private static readonly Type[] Forbidden = [typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(Compilation), typeof(SemanticModel)];

    /// <summary>Runs the generator on <paramref name="compilation"/> and again on its clone, and asserts the second run reuses the first.</summary>
    public static void CachedOnRerun(Compilation compilation)
    {
        var driver = GeneratorRun.CreateDriver().RunGenerators(compilation);
        var first = driver.GetRunResult();
        var second = driver.RunGenerators(compilation.Clone()).GetRunResult();

        var firstResult = Assert.Single(first.Results);
        foreach (var output in StepNames.Where(firstResult.TrackedSteps.ContainsKey).SelectMany(name => firstResult.TrackedSteps[name]).SelectMany(step => step.Outputs))
        {
            AssertHoldsNoCompilationObjects(output.Value);
        }

        var secondResult = Assert.Single(second.Results);
        Assert.Equal(
            firstResult.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())),
            secondResult.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())));
        foreach (var name in StepNames.Where(secondResult.TrackedSteps.ContainsKey))
        {
            Assert.All(
                secondResult.TrackedSteps[name].SelectMany(step => step.Outputs),
                output => Assert.True(
                    output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"Step {name} was {output.Reason} on a cloned compilation."));
        }

        Assert.All(
            secondResult.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    /// <summary>Walks <paramref name="root"/> by reflection and fails on any compilation object inside it.</summary>
    public static void AssertHoldsNoCompilationObjects(object? root) =>
        Walk(root, "root", new HashSet<object>(ReferenceEqualityComparer.Instance));

    private static void Walk(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        var type = value.GetType();
        Assert.False(Forbidden.Any(f => f.IsAssignableFrom(type)), $"{path} holds a {type.Name}.");
        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items)
            {
                Walk(item, $"{path}[{i++}]", seen);
            }
        }

        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            Walk(field.GetValue(value), path + "." + field.Name, seen);
        }
    }
}
